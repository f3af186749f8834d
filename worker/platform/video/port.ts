import { PermanentJobError } from "../../shared/errors";
// The talking-avatar port: "train" prepares an uploaded avatar (reference frame, voice), "render"
// turns a reply's text into a lip-synced video. Adapters: Newport AI (cloud) and the local
// media renderer (local-services/media-renderer). Chosen in container.ts.

export interface AvatarSource {
  kind: "video" | "photo";
  mimeType: string;
  sizeBytes: number;
  /** The uploaded bytes (for adapters that receive the file). */
  open(): Promise<ReadableStream<Uint8Array>>;
  /** Absolute, short-lived signed URL of the upload (for providers that fetch it themselves). */
  url: string;
}

/**
 * Provider task ids recorded on the job, per step: a retried job resumes polling the task an
 * earlier attempt started instead of starting (and paying for) the provider work again.
 */
export interface TaskCheckpoint {
  get(step: string): Promise<string | null>;
  set(step: string, taskId: string): Promise<void>;
}

export interface TrainInput {
  source: AvatarSource;
  /** BCP-47 language of the user's profile (voice selection). */
  language: string;
  /** 0–100 personality slider: livelier people speak a bit faster. */
  enthusiasm: number;
  checkpoint?: TaskCheckpoint;
}

export interface TrainResult {
  /** A still of the face (JPEG) when the adapter extracted one: stored as the avatar's poster. */
  reference: ArrayBuffer | null;
  /** Whatever the adapter needs at render time (voice settings, a provider clone id), as JSON. */
  voice: Record<string, unknown>;
  /** An opaque trained model the adapter wants back at render time (the local renderer's face
   * frames + landmarks), stored with the avatar in R2; null when the provider keeps its own. */
  model?: ArrayBuffer | null;
}

export interface RenderInput {
  text: string;
  language: string;
  checkpoint?: TaskCheckpoint;
  avatar: {
    kind: "video" | "photo";
    voice: Record<string, unknown>;
    /** The reference JPEG made by train(), if any. */
    reference: ArrayBuffer | null;
    /** The model made by train(), if any (see TrainResult.model). */
    model?: ArrayBuffer | null;
    /** Signed absolute URL of the original upload. */
    sourceUrl: string;
  };
}

export type RenderResult =
  | { kind: "stream"; body: ReadableStream<Uint8Array>; contentType: string; sizeBytes: number | null; durationMs: number | null }
  | { kind: "url"; url: string; durationMs: number | null };

export interface VideoProvider {
  readonly name: string;
  readonly mode: "cloud" | "local";
  /** Cheap reachability check so a request can say at once that video is unavailable. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
  train(input: TrainInput): Promise<TrainResult>;
  render(input: RenderInput): Promise<RenderResult>;
}

/** A provider failure; `retryable` false means retrying cannot help (bad input, refused request). */
export class VideoProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Runs a provider call from a job; a non-retryable provider failure becomes a PermanentJobError (no retries). */
export async function providerCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof VideoProviderError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
}
