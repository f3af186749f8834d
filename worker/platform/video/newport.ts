import { VideoProviderError, type RenderInput, type RenderResult, type TaskCheckpoint, type TrainInput, type TrainResult, type VideoProvider } from "./port";

// Newport AI (DreamAPI): every operation is an async task — POST returns {code:0, data:{taskId}},
// then POST /api/getAsyncResult {taskId} until data.task.status is 3 (done) or 4 (failed).
const STATUS_DONE = 3;
const STATUS_FAILED = 4;

interface AsyncResult {
  task: { taskId: string; status: number; reason?: string };
  videos?: { videoUrl: string }[];
  audios?: { audioUrl: string }[];
  cloneId?: string;
}

export interface NewportOptions {
  apiKey: string;
  baseUrl?: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export class NewportVideo implements VideoProvider {
  readonly name = "newport";
  readonly mode = "cloud" as const;
  private readonly baseUrl: string;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: NewportOptions) {
    this.baseUrl = (opts.baseUrl || "https://api.newportai.com").replace(/\/+$/, "");
    this.pollIntervalMs = opts.pollIntervalMs ?? 5000;
    this.timeoutMs = opts.timeoutMs ?? 10 * 60 * 1000;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.opts.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw new VideoProviderError(`Newport AI unreachable: ${(err as Error).message}`, true);
    }
    if (!res.ok) throw new VideoProviderError(`Newport AI ${path} answered HTTP ${res.status}`, res.status >= 500 || res.status === 429);
    const json = (await res.json()) as { code: number; message?: string; data: T };
    // Non-zero codes are request errors (13005/13006 bad key, 10192 illegal param): not retryable.
    if (json.code !== 0) throw new VideoProviderError(`Newport AI ${path} refused: ${json.message ?? "error"} (code ${json.code})`, false);
    return json.data;
  }

  /** Starts a task (or resumes the one `checkpoint` recorded for `step`) and polls it to the end. */
  private async run(path: string, body: unknown, step: string, checkpoint?: TaskCheckpoint): Promise<AsyncResult> {
    let taskId = (await checkpoint?.get(step)) ?? null;
    if (!taskId) {
      taskId = (await this.post<{ taskId: string }>(path, body)).taskId;
      await checkpoint?.set(step, taskId);
    }
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const data = await this.post<AsyncResult>("/api/getAsyncResult", { taskId });
      if (data.task.status === STATUS_DONE) return data;
      if (data.task.status === STATUS_FAILED) throw new VideoProviderError(`Newport AI task ${taskId} failed: ${data.task.reason || "no reason given"}`, false);
      if (Date.now() > deadline) throw new VideoProviderError(`Newport AI task ${taskId} still running after ${this.timeoutMs / 1000}s`, true);
      await new Promise((r) => setTimeout(r, this.pollIntervalMs));
    }
  }

  async available() {
    return { ok: true } as const;
  }

  /** Newport has no avatar-training call: the source video is passed per render. We clone the voice. */
  async train(input: TrainInput): Promise<TrainResult> {
    if (input.source.kind !== "video") throw new VideoProviderError("Newport AI lip-sync needs a video avatar; a photo was uploaded", false);
    const done = await this.run("/api/async/voice_clone", { voiceUrl: input.source.url }, "voice_clone", input.checkpoint);
    if (!done.cloneId) throw new VideoProviderError("Newport AI voice clone returned no cloneId", false);
    return { reference: null, voice: { cloneId: done.cloneId } };
  }

  async render(input: RenderInput): Promise<RenderResult> {
    const cloneId = input.avatar.voice.cloneId;
    if (typeof cloneId !== "string") throw new VideoProviderError("The avatar was not trained on Newport AI; upload it again", false);
    const tts = await this.run("/api/async/do_tts_clone", { cloneId, text: input.text, lan: input.language.split("-")[0] }, "tts", input.checkpoint);
    const audioUrl = tts.audios?.[0]?.audioUrl;
    if (!audioUrl) throw new VideoProviderError("Newport AI TTS returned no audio", false);
    const video = await this.run(
      "/api/async/talking_face",
      {
        srcVideoUrl: input.avatar.sourceUrl,
        audioUrl,
        videoParams: { video_width: 0, video_height: 0, video_enhance: 1, fps: "original" },
      },
      "talking_face",
      input.checkpoint,
    );
    const url = video.videos?.[0]?.videoUrl;
    if (!url) throw new VideoProviderError("Newport AI returned no video", false);
    return { kind: "url", url, durationMs: null };
  }
}
