import { createRoute } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { ProfileSchema, ProfileUpdateSchema } from "./profile.schemas";

const auth = { security: bearer, middleware: requireAuth };

export const profileRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/profile",
      tags: ["users"],
      summary: "Your profile and personality",
      ...auth,
      responses: { 200: json(ProfileSchema), ...errors(401, 429) },
    }),
    async (c) => {
      const { userId, epoch } = c.get("auth");
      return c.json(await c.get("services").profiles.get(userId, epoch), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/profile",
      tags: ["users"],
      summary: "Update profile fields, personality sliders and onboarding progress (partial)",
      ...auth,
      request: jsonBody(ProfileUpdateSchema),
      responses: { 200: json(ProfileSchema), ...errors(400, 401, 422, 429) },
    }),
    async (c) => c.json(await c.get("services").profiles.update(c.get("auth").userId, c.req.valid("json")), 200),
  );
