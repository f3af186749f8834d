import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { chatContext, container } from "../../support/container";
import { api, clientWithEnv, registerUser } from "../../support/client";
import { cacheScopes } from "../../../worker/platform/cache/port";

/**
 * The owner's chat turn reads the profile with the epoch its request read (one round trip fewer
 * before the first token). The guarantee stays: an update made anywhere moves the epoch, and a turn
 * under the new epoch never gets the older copy this isolate holds.
 */
describe("chat context: the owner's profile under the request's epoch", () => {
  it("a profile update through another isolate is what the next turn's context carries", async () => {
    const u = await registerUser();
    const conv = await api("POST", "/api/conversations", { token: u.token, body: { title: "epoch" } });
    const { rateLimiter } = container(env);
    const epoch = async () => (await rateLimiter.admit(`user:${u.user.id}`, 100_000, 60, cacheScopes.user(u.user.id))).epoch;
    const { loader } = chatContext(env);
    const req = { ownerId: u.user.id, conversationId: conv.body.id, question: "hello" };

    const e0 = await epoch();
    expect((await loader.load({ ...req, ownerEpoch: e0 })).profile.headline).toBe("");
    expect((await loader.load({ ...req, ownerEpoch: e0 })).profile.headline).toBe(""); // this isolate's first level

    const other = clientWithEnv({ ISOLATE: "b" });
    expect((await other.api("PUT", "/api/users/profile", { token: u.token, body: { headline: "Pilot" } })).status).toBe(200);
    const e1 = await epoch();
    expect(e1).toBeGreaterThan(e0);
    expect((await loader.load({ ...req, ownerEpoch: e1 })).profile.headline).toBe("Pilot");
  });

  it("guardrails saved through another isolate are what the next turn's context carries", async () => {
    const u = await registerUser();
    const conv = await api("POST", "/api/conversations", { token: u.token, body: { title: "guardrails" } });
    const { rateLimiter } = container(env);
    const epoch = async () => (await rateLimiter.admit(`user:${u.user.id}`, 100_000, 60, cacheScopes.user(u.user.id))).epoch;
    const { loader } = chatContext(env);
    const req = { ownerId: u.user.id, conversationId: conv.body.id, question: "hello" };

    const e0 = await epoch();
    expect((await loader.load({ ...req, ownerEpoch: e0 })).guardrails.topics).toEqual([]);
    expect((await loader.load({ ...req, ownerEpoch: e0 })).guardrails.topics).toEqual([]);

    const other = clientWithEnv({ ISOLATE: "b" });
    const put = await other.api("PUT", "/api/audience/guardrails", { token: u.token, body: { topics: ["politics"], refusal: "" } });
    expect(put.status).toBe(200);
    const e1 = await epoch();
    expect(e1).toBeGreaterThan(e0);
    expect((await loader.load({ ...req, ownerEpoch: e1 })).guardrails.topics).toEqual(["politics"]);
    // A visitor's turn (no epoch) reads them fresh too.
    expect((await loader.load(req)).guardrails.topics).toEqual(["politics"]);
  });
});
