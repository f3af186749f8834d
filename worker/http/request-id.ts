import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { randomToken } from "../shared/ids";

const VALID = /^[A-Za-z0-9._-]{8,128}$/;

// A request id only has to be unique (it is echoed back and logged), not unguessable: each isolate
// draws one random prefix and counts. A CSPRNG draw and its base64 on every request was about 5% of
// an authenticated request's CPU (workerd profile under `npm run bench api`). Drawn lazily, because
// a Worker may not generate random values in its global scope.
let isolatePrefix: string | undefined;
let sequence = 0;

/** `req_<12 random chars, per isolate><base-36 counter>`: distinct within an isolate, and across isolates but for a 72-bit collision. */
function nextRequestId(): string {
  isolatePrefix ??= randomToken(9);
  return `req_${isolatePrefix}${(sequence++).toString(36)}`;
}

/** Accepts a sane incoming X-Request-Id (or Cloudflare's cf-ray), else makes one; echoes it back. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id") ?? c.req.header("cf-ray");
  const id = incoming && VALID.test(incoming) ? incoming : nextRequestId();
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  await next();
});
