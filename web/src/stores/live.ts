import { onCleanup } from "solid-js";
import { onLiveEvent, type AvatarEvent, type JobEvent, type VideoEvent } from "../api/realtime";

/** Job progress events for the current component's lifetime. */
export function useJobEvents(handler: (job: JobEvent["job"]) => void) {
  onCleanup(onLiveEvent((e) => e.type === "job" && handler(e.job)));
}

/** Reply-video events for the current component's lifetime. */
export function useVideoEvents(handler: (e: VideoEvent) => void) {
  onCleanup(onLiveEvent((e) => e.type === "video" && handler(e)));
}

/** Avatar state pushed by the avatar service (`{type:"avatar", avatar}`). */
export function useAvatarEvents(handler: (a: AvatarEvent["avatar"]) => void) {
  onCleanup(onLiveEvent((e) => e.type === "avatar" && handler(e.avatar)));
}

/** Maps a job status (queued/running/succeeded/failed) onto a document's status vocabulary. */
export function docStatusFromJob(status: string): "queued" | "indexing" | "ready" | "failed" {
  return status === "succeeded" ? "ready" : status === "failed" ? "failed" : status === "running" ? "indexing" : "queued";
}
