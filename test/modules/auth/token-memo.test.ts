import { describe, it, expect } from "vitest";
import { TokenService } from "../../../worker/modules/auth/tokens";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** TokenService memoises verified tokens per isolate; none of the checks may be skipped by it. */
describe("auth: verified-token memo", () => {
  const claims = { userId: "usr_memo", sessionId: "ses_memo" };

  it("a token verified once still expires: its second use after exp is 'Token expired'", { timeout: 10_000 }, async () => {
    const tokens = new TokenService("memo-secret-that-is-long-enough-for-hs256", 60);
    // exp one second from now (iat pinned to now - 59 s with a 60 s TTL).
    const token = await tokens.sign(claims, "access", 60, {}, Math.floor(Date.now() / 1000) - 59);
    expect((await tokens.verify(token)).userId).toBe("usr_memo");
    expect((await tokens.verify(token)).sessionId).toBe("ses_memo"); // from the memo
    await sleep(2100 - (Date.now() % 1000));
    await expect(tokens.verify(token)).rejects.toMatchObject({ message: "Token expired" });
    await expect(tokens.verify(token)).rejects.toMatchObject({ message: "Token expired" });
  });

  it("is per token type and per key: a memoised access token is no visitor token, nor valid under another secret", async () => {
    const tokens = new TokenService("memo-secret-that-is-long-enough-for-hs256", 60);
    const other = new TokenService("another-secret-that-is-long-enough-for-hs", 60);
    const token = await tokens.sign(claims);
    await tokens.verify(token, "access");
    await expect(tokens.verify(token, "visitor")).rejects.toMatchObject({ message: "Invalid token" });
    await expect(other.verify(token, "access")).rejects.toMatchObject({ message: "Invalid token" });
  });

  it("a tampered token is refused even right after the genuine one was verified", async () => {
    const tokens = new TokenService("memo-secret-that-is-long-enough-for-hs256", 60);
    const token = await tokens.sign(claims);
    await tokens.verify(token);
    const [h, p, s] = token.split(".");
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BB" : "AA"}`;
    await expect(tokens.verify(flipped)).rejects.toMatchObject({ message: "Invalid token" });
  });
});
