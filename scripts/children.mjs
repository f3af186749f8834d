// The processes `npm start` runs beside itself (wrangler dev, the local services), stopped together.
// A signal sent to start.mjs alone (`kill <pid>`) reaches none of them, and npx does not pass SIGTERM
// on to wrangler (nor wrangler to workerd): so each command runs detached, in a process group of its
// own, and stop() signals the whole group, as e2e/run.mjs does. Ctrl+C still works: the terminal
// signals start.mjs, whose handler stops the groups.
import { spawn } from "node:child_process";

export function createChildren() {
  const children = [];
  return {
    /** Runs a command in its own process group (stdin is not shared: a background group may not read the terminal). */
    spawn(cmd, args, options = {}) {
      const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...options, detached: true });
      children.push(child);
      return child;
    },
    /** A child started elsewhere (a local service); stopped by its pid when it has no group of its own. */
    add(child) {
      children.push(child);
    },
    stop(signal = "SIGTERM") {
      // A group outlives its leader (npx gone, wrangler still up), so it is signalled even then.
      for (const c of children) {
        try {
          process.kill(-c.pid, signal);
        } catch {
          c.kill(signal);
        }
      }
    },
  };
}
