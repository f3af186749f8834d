import { z } from "@hono/zod-openapi";

export const CheckSchema = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    environment: z.string(),
    checks: z.record(z.string(), CheckSchema),
    ports: z.record(z.string(), z.object({ mode: z.enum(["cloud", "local"]), adapter: z.string() })),
  })
  .openapi("Health");

export type Health = z.infer<typeof HealthSchema>;
export type Check = z.infer<typeof CheckSchema>;
/** Which implementation each port uses, reported by /api/health and shown in the UI. */
export type PortReport = Health["ports"];
