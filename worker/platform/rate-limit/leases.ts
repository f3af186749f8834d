import type { Admission } from "./port";

/**
 * How long an isolate may spend permits it borrowed from the counter object, and serve under the
 * epoch they came with. It bounds how long an epoch bump (a logout, a profile update) made in
 * another isolate waits before it answers, and how long a refusal elsewhere may wait for unspent
 * permits to come back.
 */
export const LEASE_MS = 250;
/** The object keeps a lease this much longer than the isolate uses it (the isolate's clock only moves at I/O). */
export const LEASE_GRACE_MS = 50;
/** At most this many permits per lease, and never more than an eighth of the limit, so one isolate cannot sit on a small budget. */
const MAX_LEASE = 256;
/** A key seeing fewer requests than this per LEASE_MS is not worth a lease (each lease is a round trip of its own to return). */
const MIN_LEASE = 8;
/** How long a request waits for another's borrow in flight before it asks the store itself. */
const BORROW_WAIT_MS = 20;
/** How often a lease's holder looks whether it is spent, taken back or over. */
const POLL_MS = 10;
/** Keys whose traffic this isolate remembers before forgetting idle ones. */
const MAX_KEYS = 1024;

/** What the counter store lends with an admission: `permits` more requests, counted in `window`, to be spent within `ms`. */
export interface LeaseGrant {
  id: string;
  permits: number;
  ms: number;
  window: number;
}

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
  admit(key: string, limit: number, windowMs: number, scope: string, want: number): Promise<Leased>;
  /** Lends up to `want` permits without counting a request of its own; `remaining` is what was left before the loan. */
  borrow(key: string, limit: number, windowMs: number, scope: string, want: number): Promise<Leased>;
  /** Gives back `unused` permits of `lease`. */
  release(key: string, scope: string, lease: LeaseGrant, unused: number): Promise<unknown>;
}

interface Grant {
  key: string;
  lease: LeaseGrant;
  id: string;
  scope: string;
  /** The borrowing request's own admission: lent permit i (from 1) has `remaining` i below it. */
  admission: Admission;
  permits: number;
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
  asking: boolean;
}

/**
 * One isolate's borrowed permits (the hot path's way around a round trip per request: a Durable
 * Object call costs about 1.3 ms of CPU under 1,000 connections, most of an authenticated
 * request). A busy key's admission asks the object for as many permits as the key saw requests
 * in the last LEASE_MS; until the lease ends, later requests spend them here, each with its own
 * place in the count (the remainder the object would have given it) and the epoch the lease
 * came with. Unspent permits go back when the lease ends (or is spent), or with the isolate's own
 * bump of the scope. Plain counters only: no promise or I/O object is shared between requests.
 */
export class LeasePool {
  private readonly keys = new Map<string, KeyState>();

  /**
   * RateLimiter.admit through `lender`: a live permit of this isolate's when there is one (and,
   * with `waitUntil`, a top-up in the background when the pool runs low), else the store's own
   * answer, borrowing with it when the key is busy. Leases are held, and returned, under the
   * borrowing request's waitUntil; without one nothing is borrowed.
   */
  async admit(lender: LeaseLender, key: string, limit: number, windowMs: number, scope: string, waitUntil?: (p: Promise<unknown>) => void): Promise<Admission> {
    let spent = this.spend(key, scope);
    // Arriving while another request borrows, wait a moment for its permits rather than make a round trip of one's own.
    for (let waited = 0; !spent && waited < BORROW_WAIT_MS && this.borrowing(key); waited += 2) {
      await new Promise((r) => setTimeout(r, 2));
      spent = this.spend(key, scope, Date.now(), false);
    }
    if (spent) {
      if (waitUntil) this.topUp(lender, key, limit, windowMs, scope, waitUntil);
      return spent;
    }
    const want = waitUntil ? this.ask(key, limit) : 0;
    const sentAt = Date.now();
    try {
      const { lease, ...admission } = await lender.admit(key, limit, windowMs, scope, want);
      if (lease && waitUntil) waitUntil(this.hold(lender, key, scope, admission, lease, sentAt));
      return admission;
    } finally {
      if (want) this.asked(key);
    }
  }

  /** Borrows more permits in the background (under this request's waitUntil) when the pool runs low. */
  private topUp(lender: LeaseLender, key: string, limit: number, windowMs: number, scope: string, waitUntil: (p: Promise<unknown>) => void): void {
    const want = this.ask(key, limit);
    if (!want) return;
    const sentAt = Date.now();
    const borrowed = lender.borrow(key, limit, windowMs, scope, want).finally(() => this.asked(key));
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
      return { ...g.admission, remaining: Math.max(0, g.admission.remaining - (g.permits - g.left)) };
    }
    return null;
  }

  /**
   * How many permits to borrow now: 0 for a quiet key, while another request is already
   * borrowing, or while the live leases still hold half of what the key is worth. A busy key is
   * worth twice its arrivals per LEASE_MS (those arriving while the borrow is on its way are served
   * from it too), so under steady load the pool is topped up before it runs dry.
   */
  ask(key: string, limit: number, now = Date.now()): number {
    const s = this.keys.get(key);
    if (!s || s.asking) return 0;
    const worth = Math.min(MAX_LEASE, 2 * Math.max(s.before, s.seen), Math.floor(limit / 8));
    if (worth < MIN_LEASE) return 0;
    let live = 0;
    for (const g of s.grants) if (!g.returned && g.until - now > LEASE_MS / 4) live += g.left;
    if (live >= worth / 2) return 0;
    s.asking = true;
    return worth - live;
  }

  /** Whether a request of `key` is borrowing right now (the others may wait a moment for its permits). */
  borrowing(key: string): boolean {
    return this.keys.get(key)?.asking ?? false;
  }

  /** The borrowing call has answered (or failed). */
  asked(key: string): void {
    const s = this.keys.get(key);
    if (s) s.asking = false;
  }

  /**
   * Keeps what the object lent; `admission` is the one the permits continue from (the borrowing
   * request's own, or the object's answer to a borrow that admitted nothing). Resolves when the lease
   * ends, is spent, or is taken back by a bump: with the unused permits to return, or null when
   * they were already returned.
   */
  async lend(key: string, scope: string, admission: Admission, lease: LeaseGrant, sentAt: number): Promise<number | null> {
    const s = this.arrive(key, sentAt, false);
    const g: Grant = { key, lease, id: lease.id, scope, admission, permits: lease.permits, left: lease.permits, until: sentAt + lease.ms, returned: false };
    s.grants.push(g);
    // Polled on the borrowing request's own timers: a promise resolved by another request (the one
    // spending the last permit, or a bump) would run this continuation, and its I/O, in that
    // request's context, which workerd refuses.
    while (!g.returned && g.left > 0 && Date.now() < g.until) await new Promise((r) => setTimeout(r, Math.min(POLL_MS, g.until - Date.now())));
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
        out.push({ id: g.id, unused: g.left, key: g.key, window: g.lease.window });
      }
    }
    return out;
  }

  private arrive(key: string, now: number, counts = true): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      if (this.keys.size >= MAX_KEYS) this.forgetIdle(now);
      s = { grants: [], bucket: Math.floor(now / LEASE_MS), seen: 0, before: 0, asking: false };
      this.keys.set(key, s);
    }
    const bucket = Math.floor(now / LEASE_MS);
    if (bucket !== s.bucket) {
      s.before = bucket === s.bucket + 1 ? s.seen : 0;
      s.bucket = bucket;
      s.seen = 0;
    }
    if (counts) s.seen++;
    return s;
  }

  private forgetIdle(now: number): void {
    const bucket = Math.floor(now / LEASE_MS);
    for (const [key, s] of this.keys) if (s.grants.length === 0 && !s.asking && s.bucket < bucket - 1) this.keys.delete(key);
  }
}
