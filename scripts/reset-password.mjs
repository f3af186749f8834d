// The operator's way back in for someone who forgot their password (the product sends no email):
//   npm run user:reset-password -- <email> [wrangler d1 flags]
// Sets NEW_PASSWORD (at least 8 characters) or, without it, a generated one printed once, and ends
// every session of that account. Default target: the local D1 that `npm start` uses; pass
// `--remote --env production` for the deployed database (after `wrangler login`).
// A running server may keep serving an ended session from its session cache for up to 60 s.
import { spawnSync } from "node:child_process";
import { webcrypto as crypto } from "node:crypto";

// The same format as worker/modules/auth/passwords.ts (its test checks the hash with the Worker's own verifyPassword).
const ITERATIONS = 100_000;
const base64url = (bytes) => Buffer.from(bytes).toString("base64url");

async function hashPassword(password) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: ITERATIONS }, key, 256);
  return `pbkdf2-sha256$${ITERATIONS}$${base64url(salt)}$${base64url(new Uint8Array(bits))}`;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

function d1(sql, flags) {
  const r = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--json", ...flags, "--command", sql], {
    encoding: "utf8",
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...process.env },
  });
  if (r.status !== 0) fail(`wrangler d1 execute failed:\n${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout);
}

const [rawEmail, ...flags] = process.argv.slice(2);
if (!rawEmail || rawEmail.startsWith("-")) fail("Usage: npm run user:reset-password -- <email> [--remote --env production | --persist-to <dir>]");
const email = rawEmail.trim().toLowerCase(); // the app stores emails normalised this way
// Emails go into SQL text (wrangler's --command takes no parameters): allow no quote or backslash at all.
if (!/^[^\s'"\\;]+@[^\s'"\\;]+$/.test(email)) fail(`Not an email address: ${rawEmail}`);
if (!flags.includes("--remote") && !flags.includes("--local")) flags.push("--local");

const password = process.env.NEW_PASSWORD ?? base64url(crypto.getRandomValues(new Uint8Array(15)));
if (password.length < 8) fail("NEW_PASSWORD must be at least 8 characters (the same rule as registration).");

// One wrangler call (each one starts a local workerd): the UPDATE … RETURNING says whether the
// account exists; for an unknown email both statements change nothing.
const now = Date.now();
const hash = await hashPassword(password);
const [updated] = d1(
  `UPDATE users SET password_hash = '${hash}', updated_at = ${now} WHERE email = '${email}' RETURNING id; ` +
    `UPDATE sessions SET revoked_at = ${now} WHERE user_id IN (SELECT id FROM users WHERE email = '${email}') AND revoked_at IS NULL;`,
  flags,
);
if (!updated?.results?.length) fail(`There is no account with the email ${email}.`);

console.log(`Password reset for ${email}; every session of the account has ended.`);
if (process.env.NEW_PASSWORD === undefined) {
  console.log(`Temporary password: ${password}`);
  console.log("Give it to the person over a channel you trust; they can change it in Settings → Password.");
}
