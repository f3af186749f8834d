import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../worker/index";
import type { ApiResponse } from "./client";

/**
 * Like `api()` from helpers, but runs the Worker with extra vars (e.g. the real rate limits or
 * an Upstash URL). One env object per client, so the Worker builds one services container for it.
 */
export function clientWithEnv(vars: Record<string, string>) {
  const testEnv = { ...env, ...vars };
  const call = async <T = any>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const ctx = createExecutionContext();
    const res = await worker.fetch!(new Request(`http://example.com${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }) as any, testEnv, ctx);
    await waitOnExecutionContext(ctx);
    if (res.status >= 500) throw new Error(`${method} ${path} answered ${res.status}: ${await res.clone().text()}`);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  };
  const register = async (name = "Test User", headers: Record<string, string> = {}) => {
    const email = `u${Date.now()}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const password = "correct horse battery";
    const res = await call("POST", "/api/auth/register", { body: { name, email, password }, headers });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { email, password, userId: res.body.user.id as string, token: res.body.tokens.accessToken as string, refreshToken: res.body.tokens.refreshToken as string };
  };
  return { env: testEnv, api: call, register };
}
