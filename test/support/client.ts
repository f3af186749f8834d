import { exports } from "cloudflare:workers";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Worker's real fetch handler with JSON in and out. */
export async function api<T = any>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit; allow5xx?: boolean } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await (exports as any).default.fetch(new Request(`http://example.com${path}`, { method, headers, body }));
  // No response of the suite may be a 5xx: a server error is always our bug, never the caller's.
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

let counter = 0;
/** Registers a fresh user and returns their tokens. */
export async function registerUser(name = "Test User") {
  const email = `user${Date.now()}-${counter++}-${Math.random().toString(36).slice(2, 8)}@Example.com`;
  const password = "correct horse battery";
  const res = await api("POST", "/api/auth/register", { body: { name, email, password } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, user: res.body.user, token: res.body.tokens.accessToken as string, refreshToken: res.body.tokens.refreshToken as string };
}

export function expectErrorShape(body: any, code?: string) {
  if (!body?.error || typeof body.error.code !== "string" || typeof body.error.message !== "string" || !("requestId" in body.error)) {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  if (code && body.error.code !== code) throw new Error(`expected code ${code}, got ${body.error.code}: ${body.error.message}`);
}
