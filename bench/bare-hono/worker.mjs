// The baseline every hot-path figure is a ratio against: a bare Hono route (GET /api/bare) on its own
// `wrangler dev`, started by bench/api.bench.mjs and bench/chat.bench.mjs (bench/lib.mjs startBare).
import { Hono } from "hono";

const app = new Hono();
app.get("/api/bare", (c) => c.json({ status: "ok" }));
export default app;
