// Provider task ids kept on the job row (jobs.result, which holds the outcome only once the job
// succeeds): each attempt of a job sees what the earlier ones started (see TaskCheckpoint).
import type { Job } from "../worker/db/schema";
import type { JobRepository } from "../worker/db/repositories/jobs";
import type { TaskCheckpoint } from "../worker/ports/video";

export function jobCheckpoint(job: Job, jobs: JobRepository): TaskCheckpoint {
  let tasks: Record<string, string> = {};
  try {
    const saved = JSON.parse(job.result ?? "null") as { providerTasks?: Record<string, string> } | null;
    if (saved?.providerTasks && typeof saved.providerTasks === "object") tasks = { ...saved.providerTasks };
  } catch {
    // not a checkpoint: start afresh
  }
  return {
    get: async (step) => tasks[step] ?? null,
    set: async (step, taskId) => {
      tasks[step] = taskId;
      await jobs.update(job.id, { result: JSON.stringify({ providerTasks: tasks }) });
    },
  };
}
