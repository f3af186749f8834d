// wrangler dev does not run Cron Triggers ("Scheduled Workers are not automatically triggered
// during local development"), so under `npm start` the job-lease sweeper (the Worker's
// `scheduled` handler) never ran: a video or indexing job cut off by a restart stayed "running"
// for ever. This fires the handler the way wrangler.toml's `* * * * *` does in production, through
// wrangler's own local trigger URL.

/** Calls `${origin}/cdn-cgi/local/scheduled` every `everyMs` (60 s, as the cron); returns a stop function. */
export function startLocalCron(origin, everyMs = 60_000, onError = () => {}) {
  const tick = () =>
    fetch(`${origin}/cdn-cgi/local/scheduled`, { signal: AbortSignal.timeout(30_000) })
      .then((res) => res.body?.cancel())
      .catch(onError);
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
