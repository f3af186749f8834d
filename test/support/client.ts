// The one test client of the Worker: `api()` sends any request (malformed ones included) through
// the Worker's real fetch handler; `client` is the same transport typed by AppType (hono/client),
// for tests that call the API the way the web client does; `register()` is the one way a test
// makes a user. createClient(vars) runs the Worker with extra vars (e.g. the real rate limits).
import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import worker from "../../worker/index";
import type { AppType } from "../../worker/app";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

type ApiOptions = { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit; allow5xx?: boolean };

let counter = 0;

export function createClient(vars?: Record<string, string>) {
  const testEnv = vars ? { ...env, ...vars } : env;
  // Without extra vars: the Worker as bound (exports.default). With them: the same handler with
  // its own env object, so the Worker builds one container for it.
  const fetchWorker = async (req: Request): Promise<Response> => {
    if (!vars) return (exports as any).default.fetch(req);
    const ctx = createExecutionContext();
    const res = await worker.fetch!(req as any, testEnv as any, ctx);
    await waitOnExecutionContext(ctx);
    return res as unknown as Response;
  };

  /** JSON in and out; no response of the suite may be a 5xx unless a test says so (a server error is always our bug). */
  async function api<T = any>(method: string, path: string, opts: ApiOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(opts.body);
    }
    const res = await fetchWorker(new Request(`http://example.com${path}`, { method, headers, body }));
    if (res.status >= 500 && !opts.allow5xx) throw new Error(`${method} ${path} answered ${res.status}: ${await res.clone().text()}`);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // non-JSON body stays text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** Typed by the Worker's AppType, over the same fetch. */
  const client = hc<AppType>("http://example.com", { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetchWorker(new Request(input, init)) });

  /** Registers a fresh user and returns their credentials and tokens. */
  async function register(name = "Test User", headers: Record<string, string> = {}) {
    const email = `user${Date.now()}-${counter++}-${Math.random().toString(36).slice(2, 8)}@Example.com`;
    const password = "correct horse battery";
    const res = await client.api.auth.register.$post({ json: { name, email, password } }, { headers });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
    const { user, tokens } = await res.json();
    return { email, password, user, userId: user.id, token: tokens.accessToken, refreshToken: tokens.refreshToken };
  }

  return { env: testEnv, api, client, register };
}

const defaultClient = createClient();
export const api = defaultClient.api;
export const client = defaultClient.client;
/** Registers a fresh user through the Worker as bound. */
export const registerUser = (name?: string) => defaultClient.register(name);
/** The same client, running the Worker with extra vars. */
export const clientWithEnv = createClient;

export function expectErrorShape(body: any, code?: string) {
  if (!body?.error || typeof body.error.code !== "string" || typeof body.error.message !== "string" || !("requestId" in body.error)) {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  if (code && body.error.code !== code) throw new Error(`expected code ${code}, got ${body.error.code}: ${body.error.message}`);
}
