import { describe, it, expect } from "vitest";
import { api, registerUser, expectErrorShape } from "./helpers";
import { newConversation } from "./chat-helpers";

// Every documented operation that names an object in its path, called by user B with user A's
// real ids: each answers 404 in the error shape (never A's data, never a 2xx, never a 403 that
// would confirm the id exists). Public share routes (a token is the credential) and signed media
// URLs are covered by their own suites.
const NOT_OWNER_SCOPED = [/^\/api\/public\//, /^\/api\/media\//];
// Valid bodies, so a 404 is the ownership check and not a validation error in disguise.
const BODIES: Record<string, unknown> = {
  "patch /api/conversations/{id}": { title: "mine now" },
  "put /api/knowledge/{id}": { title: "mine now", content: "overwritten" },
  "patch /api/knowledge/{id}": { title: "mine now" },
};

describe("authz sweep: another user's ids on every owner-scoped route", () => {
  it("answers 404 for each, and A's data is unchanged", { timeout: 60_000 }, async () => {
    const a = await registerUser("Owner A");
    const b = await registerUser("Intruder B");
    const conv = await newConversation(a.token, "A's secret");
    const sent = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "hello" } });
    const doc = await api("POST", "/api/knowledge", { token: a.token, body: { title: "A's note", content: "private words" } });
    const share = await api("POST", "/api/shares", { token: a.token, body: { label: "A's link" } });
    expect([sent.status, doc.status, share.status]).toEqual([200, 201, 201]);
    // A's id for each path parameter, by the route it appears in.
    const idFor = (path: string, param: string): string => {
      if (param === "messageId") return sent.body.reply.id;
      if (param === "job_id" || path.startsWith("/api/jobs/")) return doc.body.jobId;
      if (param === "avatar_id") return "avt_notyours000000000000";
      if (path.startsWith("/api/conversations/")) return conv.id;
      if (path.startsWith("/api/knowledge/")) return doc.body.id;
      if (path.startsWith("/api/shares/")) return share.body.id;
      throw new Error(`no id of A's for {${param}} in ${path}: extend the sweep`);
    };

    // The socket route takes a ticket, not a bearer token: B's valid ticket for B's own conversation.
    const own = await newConversation(b.token);
    const ticketOf = async () => (await api("POST", `/api/conversations/${own.id}/ticket`, { token: b.token })).body.ticket as string;
    const spec = (await api("GET", "/api/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    let requests = 0;
    const checked: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!path.includes("{") || NOT_OWNER_SCOPED.some((r) => r.test(path))) continue;
      for (const method of Object.keys(ops)) {
        let url = path.replace(/\{([^}]+)\}/g, (_, p: string) => encodeURIComponent(idFor(path, p)));
        if (path.endsWith("/ws")) url += `?ticket=${encodeURIComponent(await ticketOf())}`;
        const body = BODIES[`${method} ${path}`] ?? (method === "get" || method === "delete" ? undefined : {});
        const res = await api(method.toUpperCase(), url, { token: b.token, body, headers: path.endsWith("/ws") ? { upgrade: "websocket" } : {} });
        requests++;
        checked.push(`${method} ${path}`);
        expect(res.status, `${method} ${url}`).toBe(404);
        expectErrorShape(res.body, "not_found");
        expect(JSON.stringify(res.body)).not.toMatch(/secret|private words|A's note|A's link/);
      }
    }
    console.log(`authz sweep: ${requests} cross-user requests over ${checked.length} operations, all 404`);
    expect(requests).toBeGreaterThanOrEqual(10);

    // Nothing of A's moved.
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.title).toBe("A's secret");
    expect((await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token })).body.items).toHaveLength(2);
    expect((await api("GET", `/api/knowledge/${doc.body.id}`, { token: a.token })).status).toBe(200);
    expect((await api("GET", "/api/shares", { token: a.token })).body.items.map((s: { revokedAt: unknown }) => s.revokedAt)).toEqual([null]);
  });
});
