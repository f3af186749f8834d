import { z } from "@hono/zod-openapi";

/**
 * The seed's clients page with skip/limit. Lists here are keyset-paged, so an offset would be
 * slow and unstable under inserts: skip=0 (the start) is accepted, any other skip is refused with
 * the way to page instead, never silently ignored.
 */
export const skipParam = z.coerce
  .number()
  .int()
  .min(0)
  .optional()
  .refine((v) => !v, "skip is not supported: pass the previous page's nextCursor as cursor (skip=0 is accepted)")
  .openapi({ description: "Only 0 is accepted; page with cursor" });
