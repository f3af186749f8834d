import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { limitByIp } from "../../http/rate-limit";

const UserSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.number() }).openapi("User");
const TokensSchema = z
  .object({ accessToken: z.string(), refreshToken: z.string(), tokenType: z.literal("Bearer"), expiresIn: z.number() })
  .openapi("Tokens");
const AuthResult = z.object({ user: UserSchema, tokens: TokensSchema }).openapi("AuthResult");

const email = z.string().trim().max(254).email().openapi({ example: "ada@example.com" });
const RegisterBody = z.object({
  name: z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" }),
  email,
  password: z.string().min(8, "must be at least 8 characters").max(256),
});
const LoginBody = z.object({ email, password: z.string().min(1).max(256) });
const RefreshBody = z.object({ refreshToken: z.string().min(10).max(200) });

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
      return c.json(result, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags: ["auth"],
      summary: "Sign in",
      middleware: limitByIp("credentials"),
      request: jsonBody(LoginBody),
      responses: { 200: json(AuthResult), ...errors(400, 401, 422, 429) },
    }),
    async (c) => c.json(await c.get("services").auth.login(c.req.valid("json"), c.req.header("user-agent") ?? null), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/refresh",
      tags: ["auth"],
      summary: "Exchange a refresh token for a new token pair (the old one stops working)",
      middleware: limitByIp("refresh"),
      request: jsonBody(RefreshBody),
      responses: { 200: json(TokensSchema), ...errors(400, 401, 422, 429) },
    }),
    async (c) => c.json(await c.get("services").auth.refresh(c.req.valid("json").refreshToken), 200),
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
      await c.get("services").auth.logout(c.get("auth").sessionId);
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
