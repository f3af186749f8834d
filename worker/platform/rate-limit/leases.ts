import type { Admission } from "./port";

/**
 * The shortest lease an isolate asks for (and the period it counts a key's arrivals over): how
 * long it may spend permits it borrowed from the counter store, and serve under the epoch they
 * came with. A lease's length bounds how long an epoch bump (a logout, a profile update) made in
 * another isolate waits before it answers, and how long a refusal elsewhere may wait for unspent
 * permits to come back.
 */
export const LEASE_MS = 250;
/**
 * The longest lease. An isolate asks for four of its recent round trips to the store, at least
 * LEASE_MS: it counts a lease from before its call was sent, and under overload (1,000
 * connections on two cores) a round trip waits behind every request the isolate holds, a second
 * or more, so a shorter lease ended in transit and every request went to the store again. So a
 * bump waits at most this (only while another isolate holds leases, i.e. under such load).
 */
export const LEASE_MAX_MS = 4000;
/** The object keeps a lease this much longer than the isolate uses it (the isolate's clock only moves at I/O). */
export const LEASE_GRACE_MS = 50;
/** At most this many permits per lease, and never more than an eighth of the limit, so one isolate cannot sit on a small budget. */
const MAX_LEASE = 1024;
/**
 * A key seeing fewer requests than this per LEASE_MS (16 a second) is not worth a lease: each
 * lease costs a round trip of its own to return and a holder's timers. (Judged on arrivals, not
 * on the lease's size, which grows with the lease's length under load: 200 users at 2 requests a
 * second each got leases, and their holders' timers took the CPU.)
 */
const MIN_BUSY = 4;
/**
 * Nor is a lease of fewer permits, so a limit under 64 (an eighth of it) never leases. There each
 * admitted request keeps its own place in the count (RateLimit-Remaining): a returned permit's
 * place is given again, so with leases two requests can see the same remainder.
 */
const MIN_LEASE = 8;
/**
 * Borrows one isolate has in flight for a key at most. Requests that find the pool dry meanwhile
 * wait for it a moment, looking at the pool on their own timers (2, 4, 8 ms...), up to
 * BORROW_WAIT_MS, then ask the store themselves. Waiting spares the store a queue of calls ahead
 * of the borrow; waiting long (500 ms was tried) left the isolate idle while every request slept,
 * under 1,000 connections worse than no leases. They cannot await the borrow's promise: a
 * continuation runs in the context of the request that resolved it, and its I/O there is refused.
 */
const MAX_BORROWS = 1;
const BORROW_WAIT_MS = 20;
/** Keys whose traffic this isolate remembers before forgetting idle ones. */
const MAX_KEYS = 1024;

/** What the counter store lends with an admission: `permits` more requests, counted in `window`, to be spent within `ms`. */
export interface LeaseGrant {
  id: string;
  permits: number;
  ms: number;
  window: number;
}

/**
 * How many of the `remaining` permits a store lends at once: a quarter, so near the limit the
 * permits idle in one isolate's pool (while another isolate's request waits for them) shrink with
 * what is left. ADMIT_SCRIPT (upstash.ts) does the same in Lua.
 */
export const lendable = (remaining: number) => Math.floor(remaining / 4);

/** A lease given back with a bump: its id, unspent permits, and where they were counted. */
export interface Returned {
  id: string;
  unused: number;
  key: string;
  window: number;
}

/** An admission, and the permits lent with it, if any. */
export type Leased = Admission & { lease?: LeaseGrant };

/**
 * The counter store's side of leasing (the Durable Object, or Redis scripts). Each call is made
 * in the context of the request that calls it (a Worker's I/O objects belong to one request).
 */
export interface LeaseLender {
  /** Counts one request for `key` and lends up to `want` more permits with it. */
  admit(key: string, limit: number, windowMs: number, scope: string, want: number, leaseMs: number): Promise<Leased>;
  /** Lends up to `want` permits, for at most `leaseMs`, without counting a request of its own; `remaining` is what was left before the loan. */
  borrow(key: string, limit: number, windowMs: number, scope: string, want: number, leaseMs: number): Promise<Leased>;
  /** Gives back `unused` permits of `lease`. */
  release(key: string, scope: string, lease: LeaseGrant, unused: number): Promise<unknown>;
}

interface Grant {
  key: string;
  lease: LeaseGrant;
  scope: string;
  /** The borrowing request's own admission: lent permit i (from 1) has `remaining` i below it. */
  admission: Admission;
  left: number;
  /** The isolate's own clock: `ms` after the call was sent, so it ends before the object's lease does. */
  until: number;
  returned: boolean;
}

interface KeyState {
  grants: Grant[];
  /** Arrivals in the current LEASE_MS bucket and in the one before: how many permits the next lease is worth. */
  bucket: number;
  seen: number;
  before: number;
  /** Borrows in flight, and the permits they ask for. */
  asking: number;
  pending: number;
}

/**
 * One isolate's borrowed permits (the hot path's way around a round trip per request: a Durable
 * Object call costs about 1.3 ms of CPU under 1,000 connections, most of an authenticated
 * request). A busy key's admissions borrow permits from the store, about twice what the key sees
 * in a LEASE_MS, topped up in the background before they run out; until a lease ends, later requests spend them here, each with its own
 * place in the count (the remainder the object would have given it) and the epoch the lease
 * came with. Unspent permits go back when the lease ends, or with the isolate's own
 * bump of the scope. Plain counters only: no promise or I/O object is shared between requests.
 */
export class LeasePool {
  private readonly keys = new Map<string, KeyState>();
  /** Recent round trips of borrows to the store (ms, moving average). */
  private rtt = 0;

  /** How long to ask a lease for (see LEASE_MAX_MS). */
  private leaseMs(): number {
    return Math.min(LEASE_MAX_MS, Math.max(LEASE_MS, 4 * this.rtt));
  }

  private observe(sentAt: number): void {
    this.rtt += (Date.now() - sentAt - this.rtt) * 0.2;
  }

  /**
   * RateLimiter.admit through `lender`: a live permit of this isolate's when there is one (and,
   * with `waitUntil`, a top-up in the background when the pool runs low), else the store's own
   * answer, borrowing with it when the key is busy. Leases are held, and returned, under the
   * borrowing request's waitUntil; without one nothing is borrowed.
   */
  async admit(lender: LeaseLender, key: string, limit: number, windowMs: number, scope: string, waitUntil?: (p: Promise<unknown>) => void): Promise<Admission> {
    let spent = this.spend(key, scope);
    for (let nap = 2, waited = 0; !spent && waited < BORROW_WAIT_MS && this.borrowing(key); waited += nap, nap = Math.min(32, nap * 2)) {
      await new Promise((r) => setTimeout(r, nap));
      spent = this.spend(key, scope, Date.now(), false);
    }
    if (spent) {
      if (waitUntil) this.topUp(lender, key, limit, windowMs, scope, waitUntil);
      return spent;
    }
    const want = waitUntil ? this.ask(key, limit, true) : 0;
    const sentAt = Date.now();
    try {
      const { lease, ...admission } = await lender.admit(key, limit, windowMs, scope, want, this.leaseMs());
      if (want) this.observe(sentAt);
      if (lease && waitUntil) waitUntil(this.hold(lender, key, scope, admission, lease, sentAt));
      return admission;
    } finally {
      if (want) this.asked(key, want);
    }
  }

  /** Borrows more permits in the background (under this request's waitUntil) when the pool runs low. */
  private topUp(lender: LeaseLender, key: string, limit: number, windowMs: number, scope: string, waitUntil: (p: Promise<unknown>) => void): void {
    const want = this.ask(key, limit);
    if (!want) return;
    const sentAt = Date.now();
    const borrowed = lender.borrow(key, limit, windowMs, scope, want, this.leaseMs()).finally(() => {
      this.observe(sentAt);
      this.asked(key, want);
    });
    waitUntil(borrowed.then(({ lease, ...admission }) => lease && this.hold(lender, key, scope, admission, lease, sentAt)).catch(() => {}));
  }

  /** Keeps a lease in the pool until it ends, then returns its unspent permits (from the borrowing request's context). */
  private hold(lender: LeaseLender, key: string, scope: string, admission: Admission, lease: LeaseGrant, sentAt: number): Promise<unknown> {
    return this.lend(key, scope, admission, lease, sentAt).then((n) => (n === null ? undefined : lender.release(key, scope, lease, n)));
  }

  /** Spends one live permit of `key` under `scope`: its admission, or null when a round trip is needed. */
  spend(key: string, scope: string, now = Date.now(), arriving = true): Admission | null {
    const s = this.arrive(key, now, arriving);
    for (const g of s.grants) {
      if (g.left === 0 || g.until <= now || g.scope !== scope || g.returned) continue;
      g.left--;
      return { ...g.admission, remaining: Math.max(0, g.admission.remaining - (g.lease.permits - g.left)) };
    }
    return null;
  }

  /**
   * How many permits to borrow now: 0 for a quiet key, or while a borrow is in flight. A busy key
   * is worth twice its arrivals per LEASE_MS for each LEASE_MS the lease lasts. A request that
   * found the pool dry (`dry`) borrows that much; a top-up, once the live leases hold less than
   * half of it, so under steady load the pool is refilled before it runs dry.
   */
  ask(key: string, limit: number, dry = false, now = Date.now()): number {
    const s = this.keys.get(key);
    if (!s) return 0;
    const share = Math.floor(limit / 8);
    const leaseMs = this.leaseMs();
    // Permits for the lease's length: twice the arrivals per LEASE_MS, for each LEASE_MS it lasts.
    const worth = Math.min(MAX_LEASE, Math.ceil((2 * Math.max(s.before, s.seen) * leaseMs) / LEASE_MS), share);
    if (Math.max(s.before, s.seen) < MIN_BUSY || worth < MIN_LEASE || s.asking >= MAX_BORROWS) return 0;
    let held = 0;
    let live = 0;
    for (const g of s.grants) {
      if (g.returned) continue;
      held += g.left;
      if (g.until - now > leaseMs / 4) live += g.left;
    }
    if (!dry && live >= worth / 2) return 0;
    // Never more than an eighth of the limit held or asked for by this isolate, so it cannot sit on a small budget.
    const want = Math.min(dry ? worth : worth - live, share - held - s.pending);
    if (want < 1) return 0;
    s.asking++;
    s.pending += want;
    return want;
  }

  /** Whether a borrow of `key` is in flight. */
  borrowing(key: string): boolean {
    return (this.keys.get(key)?.asking ?? 0) > 0;
  }

  /** The borrow of `want` permits has answered (or failed). */
  asked(key: string, want: number): void {
    const s = this.keys.get(key);
    if (!s) return;
    s.asking = Math.max(0, s.asking - 1);
    s.pending = Math.max(0, s.pending - want);
  }

  /**
   * Keeps what the object lent; `admission` is the one the permits continue from (the borrowing
   * request's own, or the object's answer to a borrow that admitted nothing). Resolves when the lease
   * ends: with the unused permits to return, or null when a bump took them back already.
   */
  async lend(key: string, scope: string, admission: Admission, lease: LeaseGrant, sentAt: number): Promise<number | null> {
    const s = this.arrive(key, sentAt, false);
    const g: Grant = { key, lease, scope, admission, left: lease.permits, until: sentAt + lease.ms, returned: false };
    s.grants.push(g);
    // Ended by the borrowing request's own timer: a promise resolved by another request (the one
    // spending the last permit, or a bump) would run this continuation, and its I/O, in that
    // request's context, which workerd refuses. One timer per lease: polling a lease's state from
    // many holders took the CPU under load.
    await new Promise((r) => setTimeout(r, Math.max(0, g.until - Date.now())));
    s.grants = s.grants.filter((x) => x !== g);
    if (g.returned) return null;
    g.returned = true;
    return g.left;
  }

  /** Takes back every lease of `scope` (before its epoch is bumped): the leases and their unused permits, to return with the bump. */
  takeScope(scope: string): Returned[] {
    const out: Returned[] = [];
    for (const s of this.keys.values()) {
      for (const g of s.grants) {
        if (g.scope !== scope || g.returned) continue;
        g.returned = true;
        out.push({ id: g.lease.id, unused: g.left, key: g.key, window: g.lease.window });
      }
    }
    return out;
  }

  private arrive(key: string, now: number, counts = true): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      if (this.keys.size >= MAX_KEYS) this.forgetIdle(now);
      s = { grants: [], bucket: Math.floor(now / LEASE_MS), seen: 0, before: 0, asking: 0, pending: 0 };
      this.keys.set(key, s);
    }
    const bucket = Math.floor(now / LEASE_MS);
    // Only forward: a lease landing late is held from its call's time, which must not reset the count.
    if (bucket > s.bucket) {
      s.before = bucket === s.bucket + 1 ? s.seen : 0;
      s.bucket = bucket;
      s.seen = 0;
    }
    if (counts) s.seen++;
    return s;
  }

  private forgetIdle(now: number): void {
    const bucket = Math.floor(now / LEASE_MS);
    for (const [key, s] of this.keys) if (s.grants.length === 0 && s.asking === 0 && s.bucket < bucket - 1) this.keys.delete(key);
  }
}
