// A local HTTP server speaking the OpenAI chat-completions protocol (JSON and SSE streaming),
// started by vitest globalSetup in Node. The first path segment picks a behaviour, so one
// server serves every case: /<scenario>/<key>/v1/chat/completions
//   ok      streams a reply that echoes the question and cites [1]; with response_format json_schema, {"facts": ["<question> (model)"]}
//   garbled like ok, but a json_schema request gets text that is not JSON
//   flaky   429 (Retry-After-Ms) on the first call per key, then ok
//   down    always 503
//   cut     two deltas, then the connection is destroyed mid-stream
//   slow    waits 2 s before answering (timeouts)
//   drip    like ok, 40 ms between words (clients that hang up mid-stream)
//   obedient follows the persona prompt's protocol like a real model would: declines a listed
//           off-limits topic with the refusal and [[declined]], says it does not know and adds
//           [[unanswered]] when the prompt found no knowledge, else answers citing [1]; streamed
//           in 3-character pieces so the markers arrive split across deltas
// GET /stats/<key> → {calls, last: {authorization, body}} for assertions.
import { createServer } from "node:http";

const stats = new Map();

function reply(question) {
  return `Mock reply to: ${question} [1]`;
}

/** What a model following the persona prompt's rules says (see worker/shared/persona.ts). */
function obedientReply(system, question) {
  const topics = /Off-limits topics[^:]*: (.*)\.$/m.exec(system)?.[1];
  const q = question.toLowerCase();
  for (const t of topics ? JSON.parse(`[${topics}]`) : []) {
    const word = t.toLowerCase().replace(/^my\s+/, "");
    if (q.includes(word)) {
      const own = /reply only with ("(?:[^"\\]|\\.)*")/.exec(system)?.[1];
      return `${own ? JSON.parse(own) : "I keep that private."} [[declined]]`;
    }
  }
  if (system.includes("Knowledge: nothing relevant was found")) return "I haven't shared anything about that yet, so I won't guess. [[unanswered]]";
  return `From my notes: ${question} [1]`;
}

function chunk(id, model, delta, finish = null) {
  return `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export function startMockOpenAI(port) {
  const server = createServer(async (req, res) => {
    const parts = (req.url ?? "").split("/").filter(Boolean);
    if (req.method === "GET" && parts[0] === "stats") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(stats.get(parts[1]) ?? { calls: 0, last: null }));
    }
    const [scenario, key, v1, a, b] = parts;
    if (req.method !== "POST" || v1 !== "v1" || a !== "chat" || b !== "completions") {
      res.writeHead(404, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { message: `unknown route ${req.url}`, type: "invalid_request_error" } }));
    }
    let raw = "";
    for await (const c of req) raw += c;
    const body = JSON.parse(raw || "{}");
    const s = stats.get(key) ?? { calls: 0, last: null };
    s.calls++;
    s.last = { authorization: req.headers.authorization ?? null, body };
    stats.set(key, s);

    const error = (status, message) => {
      res.writeHead(status, { "content-type": "application/json", "retry-after-ms": "20" });
      res.end(JSON.stringify({ error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error" } }));
    };
    if (scenario === "down") return error(503, "service unavailable");
    if (scenario === "flaky" && s.calls === 1) return error(429, "rate limited, slow down");
    if (scenario === "slow") await new Promise((r) => setTimeout(r, 2000));

    const question = [...(body.messages ?? [])].reverse().find((m) => m.role === "user")?.content ?? "";
    // Structured output (json_schema): `facts` answers with the user's message as the one fact; `garbled` with non-JSON.
    const text =
      body.response_format?.type === "json_schema"
        ? scenario === "garbled"
          ? "not json"
          : JSON.stringify({ facts: [`${question} (model)`] })
        : scenario === "obedient"
          ? obedientReply(body.messages?.[0]?.content ?? "", question)
          : reply(question);
    const model = body.model ?? "mock-model";
    const id = `chatcmpl-${s.calls}`;
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({ id, object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }] }),
      );
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const words = scenario === "obedient" ? (text.match(/[\s\S]{1,3}/g) ?? []) : (text.match(/\S+\s*/g) ?? []);
    res.write(chunk(id, model, { role: "assistant", content: "" }));
    for (const [i, w] of words.entries()) {
      if (scenario === "cut" && i === 2) return res.destroy();
      res.write(chunk(id, model, { content: w }));
      await new Promise((r) => setTimeout(r, scenario === "drip" ? 40 : 2));
    }
    res.write(chunk(id, model, {}, "stop"));
    res.end("data: [DONE]\n\n");
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
