import { VideoProviderError } from "../worker/platform/video/port";
import { PermanentJobError } from "../worker/modules/jobs/define-job";

/** Runs a provider call; a non-retryable provider failure becomes a PermanentJobError (no retries). */
export async function providerCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof VideoProviderError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
}
