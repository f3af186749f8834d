import type { JobMessage } from "../../contracts/jobs";

/** The port through which jobs leave the request: Cloudflare Queues or QStash. */
export interface JobQueue {
  readonly kind: "cloudflare-queues" | "qstash";
  send(message: JobMessage): Promise<void>;
}
