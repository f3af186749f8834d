import { Show } from "solid-js";
import type { Avatar } from "../api/contract";
import { avatarApi } from "../api/avatars";
import { useAvatarEvents, useJobEvents } from "../stores/live";
import { ProgressBar, StatusBadge } from "./ui";
import { formatBytes } from "../lib/format";

/** The avatar's training state, live from job events, and its preview once ready. */
export function AvatarCard(props: { avatar: Avatar; onChange: (a: Avatar) => void }) {
  // The avatar service pushes the whole avatar (with fresh signed URLs) as it changes.
  useAvatarEvents((a) => a.id === props.avatar.id && props.onChange(a));
  useJobEvents(async (job) => {
    if (job.kind !== "avatar.train" || job.subjectId !== props.avatar.id) return;
    if (job.status === "succeeded" || job.status === "failed") {
      // Fresh signed preview URLs come with the avatar itself.
      props.onChange(await avatarApi.status(props.avatar.id).catch(() => ({ ...props.avatar, status: "failed" as const, error: job.error })));
    } else props.onChange({ ...props.avatar, status: "processing", progress: job.progress });
  });
  return (
    <div class="avatar-card">
      <div class="avatar-media">
        <Show
          when={props.avatar.status === "ready" && props.avatar.previewUrl}
          fallback={
            <div class="avatar-placeholder" aria-hidden="true">
              {props.avatar.kind === "video" ? "▶" : "◉"}
            </div>
          }
        >
          <Show when={props.avatar.kind === "video"} fallback={<img src={props.avatar.previewUrl!} alt="Your avatar" />}>
            <video src={props.avatar.previewUrl!} poster={props.avatar.posterUrl ?? undefined} controls playsinline aria-label="Avatar preview" />
          </Show>
        </Show>
      </div>
      <div class="stack">
        <div class="row between">
          <strong>{props.avatar.kind === "video" ? "Video avatar" : "Photo avatar"}</strong>
          <StatusBadge status={props.avatar.status} />
        </div>
        <span class="muted small">
          {formatBytes(props.avatar.sizeBytes)} · {props.avatar.mimeType}
          {props.avatar.provider ? ` · ${props.avatar.provider}` : ""}
        </span>
        <Show when={props.avatar.status === "queued" || props.avatar.status === "processing"}>
          <ProgressBar value={props.avatar.progress / 100} label="Avatar training" />
          <span class="muted small">Training your avatar — you can leave this page, it keeps going.</span>
        </Show>
        <Show when={props.avatar.status === "ready"}>
          <span class="muted small">Your clone can now answer on video: choose “▶ Video reply” under any answer in chat.</span>
        </Show>
        <Show when={props.avatar.error}>
          <span class="error small">{props.avatar.error}</span>
        </Show>
      </div>
    </div>
  );
}
