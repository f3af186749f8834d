import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Counts the network round trips one request makes to D1, Durable Objects and Upstash, so the hot
 * path's cost can be printed (bench/api.bench.mjs) and pinned by tests. Off unless
 * TRACE_ROUND_TRIPS=1: the composition root then wraps the bindings with the counting proxies
 * below and the http middleware (http/round-trips.ts) runs each request in its own tally.
 */
export interface RoundTrips {
  d1: number;
  do: number;
  upstash: number;
  /** Milliseconds spent waiting on each (overlapping calls each count in full). */
  ms: { d1: number; do: number; upstash: number };
}

const tally = new AsyncLocalStorage<RoundTrips>();

export const newRoundTrips = (): RoundTrips => ({ d1: 0, do: 0, upstash: 0, ms: { d1: 0, do: 0, upstash: 0 } });

/** Runs `fn` with its own tally; every counted call made on its behalf lands in `into`. */
export const withRoundTrips = <T>(into: RoundTrips, fn: () => T): T => tally.run(into, fn);

type Kind = "d1" | "do" | "upstash";

/** Counts one round trip of `kind` and adds the time until `result` settles (a Worker's clock advances across I/O). */
function count<R>(kind: Kind, result: R): R {
  const t = tally.getStore();
  if (!t) return result;
  t[kind]++;
  if (result && typeof (result as { then?: unknown }).then === "function") {
    const start = performance.now();
    const done = () => {
      t.ms[kind] += performance.now() - start;
    };
    (result as unknown as PromiseLike<unknown>).then(done, done);
  }
  return result;
}

/** `Server-Timing` entries: `rt;desc="d1=0 do=1 upstash=0", rt-ms;desc="d1=0.0 do=1.2 upstash=0.0"`. */
export const formatRoundTrips = (t: RoundTrips) =>
  `rt;desc="d1=${t.d1} do=${t.do} upstash=${t.upstash}", rt-ms;desc="d1=${t.ms.d1.toFixed(1)} do=${t.ms.do.toFixed(1)} upstash=${t.ms.upstash.toFixed(1)}"`;

/** D1: every statement execution (first/all/run/raw) and every batch or exec is one round trip. */
export function countingD1(db: D1Database): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrapStmt = (s: D1PreparedStatement): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (typeof v !== "function") return v;
        if (prop === "bind") return (...args: unknown[]) => wrapStmt(Reflect.apply(v, target, args));
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") return (...args: unknown[]) => count("d1", Reflect.apply(v, target, args));
        return v.bind(target);
      },
    });
    real.set(p, s);
    return p;
  };
  return new Proxy(db, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== "function") return v;
      if (prop === "prepare") return (sql: string) => wrapStmt(v.call(target, sql));
      if (prop === "batch" || prop === "exec")
        return (...args: unknown[]) => {
          // batch() is given statements this proxy wrapped; hand D1 the real ones.
          const [first, ...rest] = args;
          return count("d1", Reflect.apply(v, target, [Array.isArray(first) ? first.map((s) => real.get(s) ?? s) : first, ...rest]));
        };
      return v.bind(target);
    },
  });
}

/** Durable Objects: every RPC method call on a stub from this namespace is one round trip. */
export function countingNamespace<T extends DurableObjectNamespace<any>>(ns: T): T {
  return new Proxy(ns, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== "function") return v;
      if (prop !== "get") return v.bind(target);
      return (...args: unknown[]) => {
        const stub = Reflect.apply(v, target, args);
        return new Proxy(stub, {
          get(s, p) {
            const m = Reflect.get(s, p, s);
            if (typeof m !== "function" || typeof p === "symbol") return m;
            return (...a: unknown[]) => count("do", Reflect.apply(m, s, a));
          },
        });
      };
    },
  });
}

/**
 * Upstash: every command the REST client sends is one HTTP request (auto-pipelining is off);
 * commands are the methods that answer with a promise.
 */
export function countingRedis<T extends object>(redis: T): T {
  return new Proxy(redis, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== "function" || typeof prop === "symbol") return v;
      return (...args: unknown[]) => {
        const r = Reflect.apply(v, target, args);
        return r && typeof (r as { then?: unknown }).then === "function" ? count("upstash", r) : r;
      };
    },
  });
}
