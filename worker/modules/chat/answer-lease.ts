import { now } from "../../shared/ids";

/**
 * How long a turn's claim on answering a question lasts without renewal. While it holds, a retry of
 * the question (the same client_message_id, from any isolate: the lease is a column of the question's
 * row) is refused instead of starting a second answer. A live turn renews it every
 * ANSWER_LEASE_RENEW_MS, so a slow one (the model's per-attempt timeout times its retries can pass a
 * minute) keeps it; a turn whose isolate died stops renewing, so its retries wait at most this long.
 * A minute: a few renewals may be lost or late without the lease lapsing under a live turn, and a
 * user retrying after a crash is not kept waiting much longer than the turn's own timeout.
 */
export const ANSWER_LEASE_MS = 60_000;
export const ANSWER_LEASE_RENEW_MS = 20_000;

/** The answering lease a turn took when it opened (turn-opening.ts): the question and the lease's expiry. */
export interface HeldAnswer {
  messageId: string;
  until: number;
}

/** Where the lease lives (MessageRepository: the question row's answering_until). */
export interface AnswerLeaseStore {
  renewAnswer(messageId: string, held: number, until: number): Promise<boolean>;
  releaseAnswer(messageId: string, held: number): Promise<void>;
}

/**
 * A running turn's hold on its question's answering lease: renewed while the turn runs; `release`
 * when the turn ends without a saved reply (a retry may answer at once), `end` once the reply is
 * saved (the reply itself then answers every retry, the lease no longer matters). Failures to renew
 * or release are logged, never the turn's: at worst the lease runs out by itself.
 */
export class AnswerLease {
  private until: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;
  private renewing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: AnswerLeaseStore,
    private readonly held: HeldAnswer,
    private readonly timing = { leaseMs: ANSWER_LEASE_MS, renewMs: ANSWER_LEASE_RENEW_MS },
  ) {
    this.until = held.until;
    this.schedule();
  }

  private schedule() {
    this.timer = setTimeout(() => {
      this.renewing = this.renew().finally(() => {
        if (!this.done) this.schedule();
      });
    }, this.timing.renewMs);
  }

  private async renew() {
    const until = now() + this.timing.leaseMs;
    try {
      if (await this.store.renewAnswer(this.held.messageId, this.until, until)) this.until = until;
      else this.stop(); // it ran out and another turn took it: that turn renews it now
    } catch (err) {
      log("answer lease renewal failed", this.held.messageId, err);
    }
  }

  private stop() {
    this.done = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** The reply is saved: stop renewing. */
  end(): void {
    this.stop();
  }

  /** The turn ended without a reply: stop renewing and clear the lease, so a retry answers now. Idempotent. */
  async release(): Promise<void> {
    if (this.done) return;
    this.stop();
    await this.renewing; // a renewal in flight would move the lease on after the release
    try {
      await this.store.releaseAnswer(this.held.messageId, this.until);
    } catch (err) {
      log("answer lease release failed", this.held.messageId, err);
    }
  }
}

const log = (message: string, messageId: string, err: unknown) => console.error(JSON.stringify({ level: "error", message, messageId, error: String(err) }));
