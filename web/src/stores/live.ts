import { onCleanup } from "solid-js";
import { onLiveEvent, type JobEvent, type VideoEvent, type LiveEvent } from "../api/realtime";
import type { Avatar } from "../api/contract";

/** Job progress events for the current component's lifetime. */
export function useJobEvents(handler: (job: JobEvent["job"]) => void) {
  onCleanup(onLiveEvent((e: LiveEvent) => e.type === "job" && handler((e as JobEvent).job)));
}

/** Reply-video events for the current component's lifetime. */
export function useVideoEvents(handler: (e: VideoEvent) => void) {
  onCleanup(onLiveEvent((e: LiveEvent) => e.type === "video" && handler(e as VideoEvent)));
}

/** Avatar state pushed by the avatar service (`{type:"avatar", avatar}`). */
export function useAvatarEvents(handler: (a: Avatar) => void) {
  onCleanup(onLiveEvent((e: LiveEvent) => e.type === "avatar" && handler((e as { type: "avatar"; avatar: Avatar }).avatar)));
}

/** Maps a job status (queued/running/succeeded/failed) onto a document's status vocabulary. */
export function docStatusFromJob(status: string): "queued" | "indexing" | "ready" | "failed" {
  return status === "succeeded" ? "ready" : status === "failed" ? "failed" : status === "running" ? "indexing" : "queued";
}
