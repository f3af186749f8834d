import { createSignal, Show } from "solid-js";
import { avatarApi, AVATAR_TYPES } from "../api/avatars";
import type { Avatar } from "../api/contract";
import { FileDrop } from "./FileDrop";
import { ProgressBar } from "./ui";
import { notifyError } from "./toast";
import { formatBytes } from "../lib/format";

/** Upload of the avatar source (a short talking video or a photo) with a progress bar; a failure says why and can be retried. */
export function AvatarUploader(props: { onUploaded: (a: Avatar) => void }) {
  const [file, setFile] = createSignal<File | null>(null);
  const [progress, setProgress] = createSignal(0);
  const [failed, setFailed] = createSignal<{ file: File; reason: string } | null>(null);
  let abort: AbortController | null = null;

  async function start(files: File[]) {
    const f = files[0];
    if (!f) return;
    if (!AVATAR_TYPES.includes(f.type)) return notifyError(new Error("Use an MP4, WebM or MOV video, or a JPEG, PNG or WebP photo."));
    setFailed(null);
    setFile(f);
    setProgress(0);
    abort = new AbortController();
    try {
      props.onUploaded(await avatarApi.upload(f, setProgress, abort.signal));
    } catch (err) {
      if ((err as Error).name !== "AbortError") setFailed({ file: f, reason: (err as Error).message || "The upload failed" });
    } finally {
      setFile(null);
      abort = null;
    }
  }

  return (
    <div class="stack">
      <FileDrop accept={AVATAR_TYPES.join(",")} label="Drop a video or photo, or browse" hint="A 30–60 s video of you talking to the camera works best (MP4, WebM, MOV) — or a clear photo" onFiles={start} disabled={file() !== null} />
      <Show when={failed()}>
        {(f) => (
          <div class="row between" role="alert">
            <span class="error small">Could not upload {f().file.name}: {f().reason}</span>
            <button type="button" class="secondary small-btn" onClick={() => start([f().file])}>Retry</button>
          </div>
        )}
      </Show>
      <Show when={file()}>
        {(f) => (
          <div class="transfer">
            <div class="row between">
              <span class="truncate">{f().name}</span>
              <span class="muted small">{Math.round(progress() * 100)}% of {formatBytes(f().size)}</span>
            </div>
            <ProgressBar value={progress()} label="Avatar upload" />
            <div>
              <button class="secondary small-btn" onClick={() => abort?.abort()}>Cancel</button>
            </div>
          </div>
        )}
      </Show>
    </div>
  );
}
