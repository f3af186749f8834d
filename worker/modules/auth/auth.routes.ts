import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { limitByIp, limitPasswordChecks } from "../../http/rate-limit";
import { AppError } from "../../shared/errors";

const UserSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.number() }).openapi("User");
const TokensSchema = z.object({ accessToken: z.string(), refreshToken: z.string(), tokenType: z.literal("Bearer"), expiresIn: z.number() }).openapi("Tokens");
// OAuth2 token-response fields (RFC 6749 §5.1) beside the project's own: the seed's clients and
// Swagger UI's "Authorize" read `access_token`.
const OAuthFields = {
  access_token: z.string(),
  refresh_token: z.string().openapi({ description: "The same as refreshToken" }),
  token_type: z.literal("bearer"),
  expires_in: z.number().openapi({ description: "Seconds until access_token expires" }),
};
const AuthResult = z.object({ user: UserSchema, tokens: TokensSchema, ...OAuthFields }).openapi("AuthResult");
const RefreshResult = TokensSchema.extend(OAuthFields).openapi("RefreshResult");

const oauth = (t: z.infer<typeof TokensSchema>) => ({
  access_token: t.accessToken,
  refresh_token: t.refreshToken,
  token_type: "bearer" as const,
  expires_in: t.expiresIn,
});
const withOAuth = <T extends { tokens: z.infer<typeof TokensSchema> }>(r: T) => ({ ...r, ...oauth(r.tokens) });

const email = z.string().trim().max(254).email().openapi({ example: "ada@example.com" });
const newPassword = z.string().min(8, "must be at least 8 characters").max(256);
const RegisterBody = z.object({
  name: z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" }),
  email,
  password: newPassword,
});
const ChangePasswordBody = z.object({ currentPassword: z.string().min(1, "is required").max(256), newPassword }).openapi("ChangePassword");
const LoginBody = z.object({ email, password: z.string().min(1).max(256) });
// The OAuth2 password grant as a form (what the seed's OAuth2PasswordRequestForm and Swagger send).
const LoginForm = z
  .object({
    grant_type: z.literal("password").optional(),
    username: email.openapi({ description: "Your email" }),
    password: z.string().min(1).max(256),
    scope: z.string().max(500).optional(),
    client_id: z.string().max(200).optional(),
    client_secret: z.string().max(200).optional(),
  })
  .openapi("LoginForm");
const refreshToken = z.string().min(10).max(200);
// `refresh_token` is how OAuth2 clients send it (RFC 6749 §6).
const RefreshBody = z
  .object({ refreshToken: refreshToken.optional(), refresh_token: refreshToken.optional().openapi({ description: "The same, OAuth2's name" }) })
  .refine((b) => b.refreshToken ?? b.refresh_token, { message: "Required", path: ["refreshToken"] });

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/register",
      tags: ["auth"],
      summary: "Create an account",
      middleware: limitByIp("credentials"),
      request: jsonBody(RegisterBody),
      responses: { 201: json(AuthResult, "Registered"), ...errors(400, 409, 422, 429) },
    }),
    async (c) => {
      const result = await c.get("services").auth.register(c.req.valid("json"), c.req.header("user-agent") ?? null);
      return c.json(withOAuth(result), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags: ["auth"],
      summary: "Sign in (JSON email + password, or the OAuth2 password form: username + password)",
      middleware: limitByIp("credentials"),
      request: {
        body: {
          // false: with two media types, each validator runs only for its own Content-Type
          // (@hono/zod-openapi runs every validator of a required body).
          required: false,
          content: { "application/json": { schema: LoginBody }, "application/x-www-form-urlencoded": { schema: LoginForm } },
        },
      },
      responses: { 200: json(AuthResult), ...errors(400, 401, 415, 422, 429) },
    }),
    async (c) => {
      const type = c.req.header("content-type") ?? "";
      let input: z.infer<typeof LoginBody>;
      if (type.includes("application/x-www-form-urlencoded")) {
        const form = c.req.valid("form") as z.infer<typeof LoginForm>;
        input = { email: form.username, password: form.password };
      } else if (type.includes("application/json")) input = c.req.valid("json") as z.infer<typeof LoginBody>;
      else throw new AppError("unsupported_media_type", "Send JSON {email, password} or an OAuth2 form (username, password)");
      return c.json(withOAuth(await c.get("services").auth.login(input, c.req.header("user-agent") ?? null)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/refresh",
      tags: ["auth"],
      summary: "Exchange a refresh token for a new token pair (the old one stops working)",
      middleware: limitByIp("refresh"),
      request: jsonBody(RefreshBody),
      responses: { 200: json(RefreshResult), ...errors(400, 401, 422, 429) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const tokens = await c.get("services").auth.refresh((body.refreshToken ?? body.refresh_token)!);
      return c.json({ ...tokens, ...oauth(tokens) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["auth"],
      summary: "End this session (access and refresh tokens stop working at once)",
      security: bearer,
      middleware: requireAuth,
      responses: { 204: { description: "Signed out" }, ...errors(401, 429) },
    }),
    async (c) => {
      await c.get("services").auth.logout(c.get("auth"));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/password",
      tags: ["auth"],
      summary: "Change your password (needs the current one); every other session is signed out at once, this one stays signed in",
      security: bearer,
      middleware: [requireAuth, limitPasswordChecks] as const,
      request: jsonBody(ChangePasswordBody),
      responses: { 204: { description: "Changed" }, ...errors(401, 403, 422, 429) },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid("json");
      await c.get("services").auth.changePassword(c.get("auth"), currentPassword, newPassword);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["auth"],
      summary: "The signed-in user",
      security: bearer,
      middleware: requireAuth,
      responses: { 200: json(UserSchema), ...errors(401, 429) },
    }),
    async (c) => c.json(await c.get("services").auth.me(c.get("auth").userId), 200),
  );
