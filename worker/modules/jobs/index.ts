// The jobs module: job records and their state, the status route, and how modules define jobs.
import type { Db } from "../../platform/db/client";
import type { JobQueue } from "../../platform/queue/port";
import type { UserEventPublisher } from "../../platform/realtime/port";
import { JobRepository } from "./jobs.repo";
import { JobService } from "./jobs.service";

export { jobRoutes } from "./jobs.routes";
export { defineJob, parsePayload, PermanentJobError, type JobContext, type JobDefinition } from "./define-job";
export type { JobService };

export function createJobsModule(deps: { db: Db; queue: JobQueue; events: UserEventPublisher }) {
  return { service: new JobService(new JobRepository(deps.db), deps.queue, deps.events) };
}
