import { vi } from "vitest";

/** A JSON response, as the API sends it. */
export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** The API's error envelope. */
export const apiError = (status: number, code: string, message: string) => json({ error: { code, message, requestId: "q" } }, status);

/** The owner's profile as /api/users/profile returns it. */
export const profileFixture = (onboarding: { step: number; completed: boolean }) => ({
  userId: "u1",
  name: "Ada",
  email: "a@x.io",
  headline: "",
  bio: "",
  location: "",
  website: "",
  language: "en",
  personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 },
  onboarding,
  updatedAt: 1,
});

/** One request the client made: `path` is the pathname with its query; `body` is the parsed JSON body (null when none). */
export interface StubCall {
  method: string;
  path: string;
  body: any;
  auth: string | null;
}

/**
 * Replaces global fetch with a fake server: `handler` answers each request (undefined → a 404 error envelope).
 * Returns the calls in order; undo with vi.unstubAllGlobals().
 */
export function stubFetch(handler: (call: StubCall) => Response | undefined | Promise<Response | undefined>): StubCall[] {
  const calls: StubCall[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
      const url = new URL(req.url);
      const text = await req.text();
      const call = { method: req.method, path: url.pathname + url.search, body: text ? JSON.parse(text) : null, auth: req.headers.get("authorization") };
      calls.push(call);
      return (await handler(call)) ?? apiError(404, "not_found", url.pathname);
    }),
  );
  return calls;
}

/** One avatar as the API returns it (a ready photo unless overridden); `my-avatar` adds `replacement`. */
export const avatarFixture = (over: Record<string, unknown> = {}) => ({
  id: "avt_old",
  kind: "photo" as const,
  mimeType: "image/png",
  sizeBytes: 2048,
  status: "ready" as const,
  progress: 100,
  error: null,
  provider: "local-renderer",
  previewUrl: "/api/media/old?exp=1&sig=x",
  posterUrl: "/api/media/old?exp=1&sig=x",
  createdAt: 1,
  updatedAt: 1,
  ...over,
});

/** The training error of a photo without a face, as the avatar job stores it. */
export const NO_FACE = "No face was found in the photo — upload a well-lit photo of your face, looking at the camera";
