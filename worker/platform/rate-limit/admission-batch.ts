import { waitUntil } from "cloudflare:workers";
import type { Admission } from "./port";

/** What a store answers when `count` requests of one key are admitted in one call. */
export interface AdmittedCount {
  /** How many of the `count` requests were allowed: the first `admitted`, in order. */
  admitted: number;
  /** What is left after the last allowed one (0 when none was). */
  remaining: number;
  limit: number;
  reset: number;
  epoch: number;
}

export type AdmitCount = (key: string, limit: number, windowSeconds: number, scope: string, count: number) => Promise<AdmittedCount>;

/** A request waiting for a call to count it. Its promises are its own: settled from another request, they resume in its. */
interface Waiter {
  answer(a: { admission: Admission } | { error: unknown }): void;
  /** Asks it to send the next call; it says so on `awake` once it runs (a request that has gone never does). */
  wake(): void;
  awake: Promise<void>;
  /** Counted by a call already sent: only its answer is left to wait for. */
  included: boolean;
  woken: boolean;
}

interface Lane {
  inFlight: number;
  waiting: Waiter[];
}

/** How long a woken request has to start before the next waiting one is woken instead (it may have gone). */
const HANDOFF_MS = 100;

/**
 * The admissions of one isolate, coalesced per key: at most `maxInFlight` calls per key go to the
 * store at once, and requests that arrive while they are out wait and then go together as one
 * call that counts them all. All of one user's requests queue on one store object anyway (a
 * Durable Object runs one call at a time, a Redis script too), so under a burst this trades many
 * round trips for one; below `maxInFlight` concurrent requests (a page's parallel loads) it
 * changes nothing.
 *
 * Exactness and freshness are the store's, unchanged: it counts every request, and a waiting
 * request joins the NEXT call, never one already sent, so the epoch it gets was read after it
 * arrived (a logout that finished before a request started is always seen by it).
 *
 * The Workers runtime ties I/O to the request that started it, so every call is sent by a live
 * request that is counted in it: one arriving, or a waiting one woken when a call returns. The
 * sender is kept alive (waitUntil) until the others have their answers and a woken request has
 * started, so no request is stranded behind one whose client went away. Hand-written: no library
 * batches calls across requests with these rules (dataloader batches per tick, and would let a
 * request join a call sent before it arrived).
 */
export class AdmissionBatcher {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly admitCount: AdmitCount,
    private readonly maxInFlight = 4,
    private readonly keepAlive: (p: Promise<unknown>) => void = keepRequestAlive,
    private readonly handoffMs = HANDOFF_MS,
  ) {}

  async admit(key: string, limit: number, windowSeconds: number, scope: string): Promise<Admission> {
    const id = `${limit}/${windowSeconds}\u0000${key}\u0000${scope}`;
    let lane = this.lanes.get(id);
    if (!lane) this.lanes.set(id, (lane = { inFlight: 0, waiting: [] }));
    if (lane.inFlight < this.maxInFlight) return this.send(id, lane, "last", key, limit, windowSeconds, scope);

    let answer!: Waiter["answer"];
    let wake!: () => void;
    let started!: () => void;
    const answered = new Promise<{ admission: Admission } | { error: unknown }>((r) => (answer = r));
    const woken = new Promise<void>((r) => (wake = r));
    const me: Waiter = { answer, wake, awake: new Promise<void>((r) => (started = r)), included: false, woken: false };
    lane.waiting.push(me);
    const first = await Promise.race([answered, woken]);
    if (first) return unwrap(first);
    started();
    if (me.included) return unwrap(await answered);
    // Woken and nobody has counted it yet: it sends, for itself and whoever waits behind it.
    lane.waiting.splice(lane.waiting.indexOf(me), 1);
    return this.send(id, lane, "first", key, limit, windowSeconds, scope);
  }

  /** One call counting `self` and every waiting request, in arrival order; answers them all when it returns. */
  private send(id: string, lane: Lane, self: "first" | "last", key: string, limit: number, windowSeconds: number, scope: string): Promise<Admission> {
    const others = lane.waiting;
    lane.waiting = [];
    for (const w of others) w.included = true;
    lane.inFlight++;
    const call = this.admitCount(key, limit, windowSeconds, scope, others.length + 1);
    const at = (i: number) => (self === "first" ? i + 1 : i);
    const done = call
      .then(
        (r) => others.forEach((w, i) => w.answer({ admission: nth(r, at(i)) })),
        (error) => others.forEach((w) => w.answer({ error })),
      )
      .then(() => this.handOff(id, lane));
    this.keepAlive(done);
    return call.then((r) => nth(r, self === "first" ? 0 : others.length));
  }

  /** Frees the call's place and wakes the oldest waiting request to send the next call; another if it does not start. */
  private async handOff(id: string, lane: Lane): Promise<void> {
    lane.inFlight--;
    for (;;) {
      const next = lane.waiting.find((w) => !w.woken);
      if (!next) break;
      next.woken = true;
      next.wake();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const started = await Promise.race([next.awake.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(r, this.handoffMs, false)))]);
      clearTimeout(timer);
      // Started, or counted meanwhile by a call another request sent (whose return wakes the next one).
      if (started || !lane.waiting.includes(next)) break;
    }
    if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(id);
  }
}

function unwrap(a: { admission: Admission } | { error: unknown }): Admission {
  if ("error" in a) throw a.error;
  return a.admission;
}

/** The i-th request's answer, as if the batch's requests had been counted one by one in order. */
function nth(r: AdmittedCount, i: number): Admission {
  const success = i < r.admitted;
  return { success, limit: r.limit, remaining: success ? r.remaining + (r.admitted - 1 - i) : 0, reset: r.reset, epoch: r.epoch };
}

function keepRequestAlive(p: Promise<unknown>): void {
  try {
    waitUntil(p);
  } catch {
    // Outside a request (a test calling the adapter directly) there is nothing to keep alive.
  }
}
