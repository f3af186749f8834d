// The Worker's bindings and settings. The bindings and names come from `npm run types`
// (`wrangler types` over wrangler.toml and .dev.vars.example → worker/worker-configuration.d.ts,
// checked for staleness by `npm test`); only what the generator cannot know is said here.
// Only the composition root (container.ts, config.ts) and the entry point read these.

import type { JobMessage } from "./contracts/jobs";

type Generated = GeneratedEnv;
/** Every string setting (vars and secrets) may be absent: the code falls back to local adapters/defaults. */
type Settings = { [K in keyof Generated as Generated[K] extends string ? K : never]?: Generated[K] };

export type Env = Omit<Generated, keyof Settings | "JOBS" | "ASSETS"> &
  Settings & {
    /** wrangler types cannot know the message type. */
    JOBS: Queue<JobMessage>;
    /** Absent when the Worker runs without built web assets (tests). */
    ASSETS?: Fetcher;
  };
