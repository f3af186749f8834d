// Runs in Node before the workerd suites: a real local HTTP server standing in for the two
// external HTTP APIs this project calls, so their clients are tested on the wire:
//   POST /v1/embeddings          OpenAI-compatible embeddings (vectors computed from the text)
//   POST /v2/publish/<url>       QStash publish (recorded, answers a messageId)
//   GET  /__requests             what was received, for assertions
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { freePort } from "../support/free-port.mjs";

// (JavaScript, not TypeScript: the project type-checks against Workers types, not Node's.)

/** A deterministic vector from the text: each word adds to the dimensions its hash picks. */
/** @param {string} text @param {number} dims */
function embed(text, dims) {
  const v = new Array(dims).fill(0);
  for (const w of text.toLowerCase().match(/\w+/g) ?? []) {
    const h = createHash("sha256").update(w).digest();
    v[h[0] % dims] += h[1] & 1 ? 1 : -1;
  }
  return v;
}

/** @param {import('vitest/node').TestProject} project */
export default async function setup(project) {
  /** @type {{method: string, path: string, headers: object, body: string}[]} */
  const seen = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const part of req) body += part;
    const path = req.url ?? "/";
    const send = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "GET" && path.startsWith("/__requests")) return send(200, seen);
    seen.push({ method: req.method ?? "", path, headers: req.headers, body });
    if (req.method === "POST" && path === "/v1/embeddings") {
      if (req.headers.authorization !== "Bearer test-embeddings-key") return send(401, { error: { message: "bad key" } });
      const { model, input } = JSON.parse(body);
      if (model === "always-fails") return send(500, { error: { message: "model crashed" } });
      const dims = Number(/-(\d+)$/.exec(model)?.[1] ?? 8);
      // Reversed on purpose: clients must order by `index`, as the spec says, not by position.
      const data = input.map((text, index) => ({ object: "embedding", index, embedding: embed(text, dims) })).reverse();
      return send(200, { object: "list", data, model, usage: { prompt_tokens: 0, total_tokens: 0 } });
    }
    if (req.method === "POST" && path.startsWith("/v2/publish/")) {
      if (!req.headers.authorization?.startsWith("Bearer ")) return send(401, { error: "missing token" });
      return send(201, { messageId: `msg_${seen.length}` });
    }
    send(404, { error: "not found" });
  });
  const port = await freePort();
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  project.provide("mockApiUrl", `http://127.0.0.1:${port}`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
