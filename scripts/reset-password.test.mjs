// Runs the operator's reset script for real: wrangler applies the migrations to a throwaway local
// D1, the script rewrites the row, and the Worker's own verifyPassword checks the stored hash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyPassword } from "../worker/modules/auth/passwords";

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "reset-password-"));
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "1" };

function wrangler(...args) {
  const r = spawnSync("npx", ["wrangler", ...args, "--local", "--persist-to", dir], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}
const reset = (email, extraEnv = {}) =>
  spawnSync(process.execPath, ["scripts/reset-password.mjs", email, "--local", "--persist-to", dir], {
    cwd: root,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });

beforeAll(() => {
  wrangler("d1", "migrations", "apply", "DB");
  wrangler(
    "d1",
    "execute",
    "DB",
    "--command",
    "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('usr_ada', 'ada@example.com', 'Ada', 'pbkdf2-sha256$100000$old$old', 1, 1), ('usr_bob', 'bob@example.com', 'Bob', 'pbkdf2-sha256$100000$bob$bob', 1, 1), ('usr_carol', 'carol@example.com', 'Carol', 'pbkdf2-sha256$100000$carol$carol', 1, 1); INSERT INTO sessions (id, user_id, user_agent, created_at, expires_at, revoked_at) VALUES ('ses_ada', 'usr_ada', NULL, 1, 9999999999999, NULL), ('ses_bob', 'usr_bob', NULL, 1, 9999999999999, NULL), ('ses_carol', 'usr_carol', NULL, 1, 9999999999999, NULL);",
  );
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each wrangler call starts a local workerd (seconds on a busy machine): the cases share calls.
describe("npm run user:reset-password", () => {
  it("sets the given or a generated password (the Worker's hash check accepts it) and ends that user's sessions only", async () => {
    const given = reset(" Ada@Example.com ", { NEW_PASSWORD: "a fresh passphrase" });
    expect(given.status, given.stderr).toBe(0);
    expect(given.stdout).toContain("ada@example.com");
    expect(given.stdout).not.toContain("Temporary password");
    const generated = reset("bob@example.com");
    expect(generated.status, generated.stderr).toBe(0);
    const printed = /Temporary password: (\S+)/.exec(generated.stdout)?.[1];
    expect(printed).toMatch(/^[\w-]{16,}$/);

    const out = JSON.parse(
      wrangler(
        "d1",
        "execute",
        "DB",
        "--json",
        "--command",
        "SELECT id, password_hash FROM users ORDER BY id; SELECT id, revoked_at FROM sessions ORDER BY id;",
      ),
    );
    const [ada, bob] = out[0].results;
    expect((await verifyPassword("a fresh passphrase", ada.password_hash)).ok).toBe(true);
    expect(await verifyPassword("a fresh passphrase", ada.password_hash)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("wrong", ada.password_hash)).ok).toBe(false);
    expect((await verifyPassword(printed, bob.password_hash)).ok).toBe(true);
    const [adaSession, bobSession, carolSession] = out[1].results;
    expect(adaSession.revoked_at).toBeGreaterThan(0);
    expect(bobSession.revoked_at).toBeGreaterThan(0);
    expect(carolSession).toEqual({ id: "ses_carol", revoked_at: null }); // another user's session is untouched
    expect(out[0].results[2].password_hash).toBe("pbkdf2-sha256$100000$carol$carol");
  }, 240_000);

  it("refuses an unknown email (exit 1, nothing written), a short password and a missing email", () => {
    const unknown = reset("nobody@example.com", { NEW_PASSWORD: "long enough pass" });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no account with the email nobody@example.com/i);
    // These two stop before any wrangler call.
    const short = reset("ada@example.com", { NEW_PASSWORD: "short" });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 8 characters/);
    const none = spawnSync(process.execPath, ["scripts/reset-password.mjs"], { cwd: root, env, encoding: "utf8" });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/usage/i);
    const quote = reset("x'@example.com", { NEW_PASSWORD: "long enough pass" });
    expect(quote.status).toBe(1);
    expect(quote.stderr).toMatch(/not an email address/i);
  }, 240_000);
});
