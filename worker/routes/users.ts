import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../lib/router";
import { requireAuth } from "../middleware/auth";

const slider = z.number().int().min(0).max(100);
const PersonalitySchema = z
  .object({
    formality: slider.openapi({ description: "0 casual … 100 formal", example: 50 }),
    enthusiasm: slider.openapi({ description: "0 reserved … 100 enthusiastic", example: 50 }),
    verbosity: slider.openapi({ description: "0 terse … 100 elaborate", example: 50 }),
    humor: slider.openapi({ description: "0 serious … 100 playful", example: 50 }),
  })
  .openapi("Personality");

const ProfileSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    headline: z.string(),
    bio: z.string(),
    location: z.string(),
    website: z.string(),
    language: z.string(),
    personality: PersonalitySchema,
    onboarding: z.object({ step: z.number().int(), completed: z.boolean() }),
    alwaysVideoReplies: z.boolean().openapi({ description: "chat/send makes a reply video for every reply unless the request says generate_video: false" }),
    updatedAt: z.number(),
  })
  .openapi("Profile");

const ProfileUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    headline: z.string().max(200),
    bio: z.string().max(5000),
    location: z.string().max(200),
    website: z.union([z.string().url().max(500).regex(/^https?:\/\//i, "must be an http(s) address"), z.literal("")]),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "must be a language tag such as en or pt-BR"),
    personality: PersonalitySchema.partial().strict(),
    onboarding: z.object({ step: z.number().int().min(1).max(5), completed: z.boolean() }).partial().strict(),
    alwaysVideoReplies: z.boolean(),
  })
  .partial()
  .strict()
  .openapi("ProfileUpdate");

const auth = { security: bearer, middleware: requireAuth };

export const userRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/profile", tags: ["users"], summary: "Your profile and personality", ...auth, responses: { 200: json(ProfileSchema), ...errors(401, 429) } }),
    async (c) => c.json(await c.get("services").profiles.get(c.get("auth").userId), 200),
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
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/export",
      tags: ["users"],
      summary: "Download all of your data as JSON",
      ...auth,
      responses: { 200: json(z.record(z.string(), z.unknown()), "Export document"), ...errors(401, 429) },
    }),
    async (c) => {
      const data = await c.get("services").account.export(c.get("auth").userId);
      c.header("Content-Disposition", `attachment; filename="digital-self-export-${new Date().toISOString().slice(0, 10)}.json"`);
      return c.json(data, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/me",
      tags: ["users"],
      summary: "Delete your account and everything it owns",
      ...auth,
      responses: { 204: { description: "Deleted" }, ...errors(401, 429) },
    }),
    async (c) => {
      await c.get("services").account.delete(c.get("auth").userId);
      return c.body(null, 204);
    },
  );

export { PersonalitySchema, ProfileSchema };
