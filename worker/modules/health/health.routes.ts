import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json } from "../../http/router";
import { HealthSchema } from "./health.schemas";

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
      const health = await c.get("services").health.check();
      return health.status === "ok" ? c.json(health, 200) : c.json(health, 503);
    },
  );
