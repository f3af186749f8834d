import { Client } from "@upstash/qstash";
import { MAX_JOB_ATTEMPTS, type JobMessage } from "../../contracts/jobs";
import type { JobQueue } from "./port";

/**
 * Jobs leave through Upstash QStash, which POSTs `{jobId}` to /internal/jobs/run with an
 * Upstash-Signature. QStash retries with its own backoff; runJob's attempt count in the job row
 * still decides when to give up, so both transports fail a job after the same number of tries.
 */
export class QStashJobQueue implements JobQueue {
  readonly kind = "qstash" as const;
  private readonly client: Client;

  constructor(private readonly opts: { token: string; baseUrl?: string; callbackUrl: string }) {
    this.client = new Client({ token: opts.token, ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}) });
  }

  async send(message: JobMessage): Promise<void> {
    await this.client.publishJSON({
      url: this.opts.callbackUrl,
      body: message,
      retries: MAX_JOB_ATTEMPTS - 1,
      // Same job, same id: QStash drops a duplicate publish instead of delivering it twice.
      deduplicationId: message.jobId,
    });
  }
}
