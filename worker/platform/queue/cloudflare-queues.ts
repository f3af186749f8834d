import type { JobMessage } from "../../contracts/jobs";
import type { JobQueue } from "./port";

export class QueuesJobQueue implements JobQueue {
  readonly kind = "cloudflare-queues" as const;
  constructor(private readonly queue: Queue<JobMessage>) {}
  async send(message: JobMessage) {
    await this.queue.send(message, { contentType: "json" });
  }
}
