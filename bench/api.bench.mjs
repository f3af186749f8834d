// Foundation: a bare route vs an authenticated, D1-backed profile read, same run, 100 connections.
import { startApp, newUser, load, fmt } from "./lib.mjs";

export default async function () {
  // One user sends thousands of requests: lift the per-user limit (the limiter still runs).
  const app = await startApp(8790);
  try {
    const { token } = await newUser(app.base);
    const opts = { connections: 100, duration: Number(process.env.BENCH_SECONDS ?? 10) };
    await load(`${app.base}/api/health/live`, { ...opts, duration: 2 }); // warm-up
    const bare = await load(`${app.base}/api/health/live`, opts);
    const profile = await load(`${app.base}/api/users/profile`, { ...opts, headers: { authorization: `Bearer ${token}` } });
    console.log(fmt("GET /api/health/live (bare)", bare));
    console.log(fmt("GET /api/users/profile (auth+D1)", profile));
    console.log(`profile/bare throughput ratio: ${(profile.rps / bare.rps).toFixed(2)}`);
  } finally {
    app.stop();
  }
}
