import { onCleanup } from "solid-js";
import { onLiveEvent, type JobEvent, type VideoEvent, type LiveEvent } from "../api/realtime";

/** Job progress events for the current component's lifetime. */
export function useJobEvents(handler: (job: JobEvent["job"]) => void) {
  onCleanup(onLiveEvent((e: LiveEvent) => e.type === "job" && handler((e as JobEvent).job)));
}

/** Reply-video events for the current component's lifetime. */
export function useVideoEvents(handler: (e: VideoEvent) => void) {
  onCleanup(onLiveEvent((e: LiveEvent) => e.type === "video" && handler(e as VideoEvent)));
}

/** Maps a job status (queued/running/succeeded/failed) onto a document's status vocabulary. */
export function docStatusFromJob(status: string): "queued" | "indexing" | "ready" | "failed" {
  return status === "succeeded" ? "ready" : status === "failed" ? "failed" : status === "running" ? "indexing" : "queued";
}
