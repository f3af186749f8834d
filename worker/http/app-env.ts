import type { Env } from "../env";

/**
 * What routes reach through `c.get("services")`: one service per module (plus config, the port
 * report and the rate limiter for the http middleware). The composition root (container.ts)
 * declares its members by interface merging, so http/ depends on no module and no cycle forms.
 */
export interface Services {}

/** The typed Hono context of every route. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    services: Services;
    requestId: string;
    /** `epoch`: the user's cache epoch read with the rate limit (absent when the limiter failed open). */
    auth: { userId: string; sessionId: string; epoch?: number };
  };
};
