import type { JobHandler } from "../worker/modules/jobs/define-job";

/** Job kind → handler. Each capability adds its handler module here. */
export const jobHandlers: Record<string, JobHandler> = {};

export function registerJobHandler(kind: string, handler: JobHandler) {
  jobHandlers[kind] = handler;
}
