import toast from "solid-toast";
import { ApiError } from "../api/client";

/** One way to tell the user something failed: the server's message, or a plain fallback. */
export function notifyError(err: unknown, fallback = "Something went wrong. Please try again.") {
  const message = err instanceof ApiError ? err.message : err instanceof Error && err.name !== "TypeError" ? err.message : fallback;
  toast.error(message, { duration: 6000 });
}

export const notify = (message: string) => toast.success(message, { duration: 3000 });
