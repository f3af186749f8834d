import { VideoProviderError, type RenderInput, type RenderResult, type TrainInput, type TrainResult, type VideoProvider } from "./port";

const b64 = (buf: ArrayBuffer) => {
  const bytes = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

const fromB64 = (s: string): ArrayBuffer => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer;

/** Talks to local-services/media-renderer (ffmpeg + espeak-ng) over HTTP. */
export class LocalRendererVideo implements VideoProvider {
  readonly name = "local-renderer";
  readonly mode = "local" as const;
  constructor(private readonly baseUrl: string) {}

  private unreachable(err: unknown) {
    return new VideoProviderError(
      `The local media renderer is not reachable at ${this.baseUrl} (${(err as Error).message}). Start it with \`npm start\` (it needs ffmpeg and espeak-ng) or set MEDIA_RENDERER_URL.`,
      true,
    );
  }

  private async call(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, init);
    } catch (err) {
      throw this.unreachable(err);
    }
    if (res.ok) return res;
    const detail = await res.text().then((t) => {
      try {
        return (JSON.parse(t) as { error?: string }).error ?? t;
      } catch {
        return t;
      }
    });
    // 422: the upload cannot be used (no face found, unreadable): the renderer's reason is for the user.
    if (res.status === 422) throw new VideoProviderError(detail.slice(0, 300), false);
    // Other 4xx: the input is wrong (empty text): retrying cannot help.
    throw new VideoProviderError(`media renderer ${path} answered ${res.status}: ${detail.slice(0, 300)}`, res.status >= 500 || res.status === 429);
  }

  async available() {
    try {
      const res = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { ok: boolean; hint?: string };
      return body.ok ? ({ ok: true } as const) : ({ ok: false, reason: `The local media renderer cannot render: ${body.hint}` } as const);
    } catch (err) {
      return { ok: false, reason: this.unreachable(err).message } as const;
    }
  }

  async train(input: TrainInput): Promise<TrainResult> {
    const { source } = input;
    const res = await this.call("/train", {
      method: "POST",
      headers: {
        "content-type": source.mimeType,
        "content-length": String(source.sizeBytes),
        "x-avatar-kind": source.kind,
        "x-language": input.language,
        "x-speech-rate": String(Math.round(145 + input.enthusiasm * 0.4)),
      },
      body: await source.open(),
    });
    const body = (await res.json()) as { poster: string; model: string; voice: Record<string, unknown> };
    return { reference: fromB64(body.poster), model: fromB64(body.model), voice: body.voice ?? {} };
  }

  async render(input: RenderInput): Promise<RenderResult> {
    const { model, reference } = input.avatar;
    if (!model && !reference) throw new VideoProviderError("The avatar has no trained face; upload it again", false);
    // Avatars trained before face models only have the reference still: the renderer copes.
    const res = await this.call("/render", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: input.text, voice: input.avatar.voice, ...(model ? { model: b64(model) } : { reference: b64(reference!) }) }),
    });
    const size = Number(res.headers.get("content-length"));
    const duration = Number(res.headers.get("x-duration-ms"));
    return {
      kind: "stream",
      body: res.body!,
      contentType: "video/mp4",
      sizeBytes: Number.isFinite(size) && size > 0 ? size : null,
      durationMs: Number.isFinite(duration) && duration > 0 ? duration : null,
    };
  }
}
