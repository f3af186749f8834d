import { VideoProviderError } from "../worker/ports/video";
import { PermanentJobError } from "./types";

/** Runs a provider call; a non-retryable provider failure becomes a PermanentJobError (no retries). */
export async function providerCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof VideoProviderError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
}
