import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { formatRoundTrips, newRoundTrips, withRoundTrips } from "../shared/round-trips";

/** With TRACE_ROUND_TRIPS=1: each request's D1 / Durable Object / Upstash round trips, in Server-Timing. */
export const roundTripTrace = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("services").config.traceRoundTrips) return next();
  const t = newRoundTrips();
  await withRoundTrips(t, next);
  try {
    c.res.headers.append("Server-Timing", formatRoundTrips(t));
  } catch {
    // immutable headers (a WebSocket upgrade answered by a Durable Object): nothing to report there
  }
});
