// Lua scripts written for Upstash may carry shebang flags that redis-server rejects
// (@upstash/ratelimit uses `#!lua flags=allow-key-locking`, an Upstash extension). We drop the
// flags redis does not know and remember which SHA the client computed for which script it sent,
// so EVALSHA with the client's SHA runs the rewritten script.
import { createHash } from "node:crypto";

const REDIS_FLAGS = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);
const sha1 = (s) => createHash("sha1").update(s).digest("hex");

export function rewriteScript(script) {
  const m = /^#!lua(?:[ \t]+flags=([^\n]*))?(\n|$)/.exec(script);
  if (!m || !m[1]) return script;
  const kept = m[1]
    .split(",")
    .map((f) => f.trim())
    .filter((f) => REDIS_FLAGS.has(f));
  return `#!lua${kept.length ? ` flags=${kept.join(",")}` : ""}${m[2]}${script.slice(m[0].length)}`;
}

export class ScriptTable {
  #byClientSha = new Map();

  /** The script redis should see; records clientSha → redisSha. */
  prepare(script) {
    const rewritten = rewriteScript(script);
    this.#byClientSha.set(sha1(script), sha1(rewritten));
    return rewritten;
  }

  clientSha(script) {
    return sha1(script);
  }

  /** The SHA redis knows for a SHA the client computed (unchanged when never rewritten). */
  redisSha(sha) {
    return this.#byClientSha.get(String(sha).toLowerCase()) ?? sha;
  }
}

/** Rewrites one command's arguments for redis; returns [command, args, postProcess?]. */
export function adaptCommand(table, name, args) {
  switch (name) {
    case "EVAL":
    case "EVAL_RO":
      return [name, [table.prepare(String(args[0])), ...args.slice(1)]];
    case "EVALSHA":
    case "EVALSHA_RO":
      return [name, [table.redisSha(args[0]), ...args.slice(1)]];
    case "SCRIPT": {
      const sub = String(args[0] ?? "").toUpperCase();
      if (sub === "LOAD") {
        const original = String(args[1]);
        // Redis answers with the rewritten script's SHA; the client expects the one of what it sent.
        return [name, ["LOAD", table.prepare(original)], () => table.clientSha(original)];
      }
      if (sub === "EXISTS") return [name, ["EXISTS", ...args.slice(1).map((s) => table.redisSha(s))]];
      return [name, args];
    }
    default:
      return [name, args];
  }
}
