import { z } from "@hono/zod-openapi";

const slider = z.number().int().min(0).max(100);
export const PersonalitySchema = z
  .object({
    formality: slider.openapi({ description: "0 casual … 100 formal", example: 50 }),
    enthusiasm: slider.openapi({ description: "0 reserved … 100 enthusiastic", example: 50 }),
    verbosity: slider.openapi({ description: "0 terse … 100 elaborate", example: 50 }),
    humor: slider.openapi({ description: "0 serious … 100 playful", example: 50 }),
  })
  .openapi("Personality");

export const ProfileSchema = z
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

export const ProfileUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    headline: z.string().max(200),
    bio: z.string().max(5000),
    location: z.string().max(200),
    website: z.union([
      z
        .string()
        .url()
        .max(500)
        .regex(/^https?:\/\//i, "must be an http(s) address"),
      z.literal(""),
    ]),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "must be a language tag such as en or pt-BR"),
    personality: PersonalitySchema.partial().strict(),
    onboarding: z
      .object({ step: z.number().int().min(1).max(5), completed: z.boolean() })
      .partial()
      .strict(),
    alwaysVideoReplies: z.boolean(),
  })
  .partial()
  .strict()
  .openapi("ProfileUpdate");

export type Personality = z.infer<typeof PersonalitySchema>;
export type ProfileView = z.infer<typeof ProfileSchema>;
export type ProfileUpdate = z.infer<typeof ProfileUpdateSchema>;
