import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json } from "../../http/router";

const Check = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    environment: z.string(),
    checks: z.record(z.string(), Check),
    ports: z.record(z.string(), z.object({ mode: z.enum(["cloud", "local"]), adapter: z.string() })),
  })
  .openapi("Health");

async function timed(fn: () => Promise<unknown>) {
  const t = performance.now();
  try {
    await fn();
    return { ok: true, ms: Math.round(performance.now() - t) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - t), error: (err as Error).message };
  }
}

export const healthRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/live",
      tags: ["health"],
      summary: "Liveness: answers without touching any dependency",
      responses: { 200: json(z.object({ status: z.literal("ok") })) },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  )
  .openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["health"],
    summary: "Status of storage and which adapter (cloud or local) each port uses",
    responses: { 200: json(HealthSchema), 503: json(HealthSchema, "A dependency is down") },
  }),
  async (c) => {
    const s = c.get("services");
    const checks: Record<string, z.infer<typeof Check>> = {
      d1: await timed(() => s.d1.prepare("SELECT 1").first()),
      r2: await timed(() => s.bucket.head("health-probe")),
      queue: await timed(async () => {
        if (typeof s.env.JOBS?.send !== "function") throw new Error("JOBS queue binding missing");
      }),
    };
    const ok = Object.values(checks).every((x) => x.ok);
    return c.json({ status: ok ? ("ok" as const) : ("degraded" as const), environment: s.config.environment, checks, ports: s.ports }, ok ? 200 : 503);
  },
);
