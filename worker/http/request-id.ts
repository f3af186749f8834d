import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { newId } from "../shared/ids";

const VALID = /^[A-Za-z0-9._-]{8,128}$/;

/** Accepts a sane incoming X-Request-Id (or Cloudflare's cf-ray), else makes one; echoes it back. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id") ?? c.req.header("cf-ray");
  const id = incoming && VALID.test(incoming) ? incoming : newId("req");
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  await next();
});
