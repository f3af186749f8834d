// The ZIP export of an account holding a BENCH_UPLOAD_MB (100) MB avatar video, through wrangler dev:
// the Worker streams R2 objects into the ZIP one chunk at a time, so workerd's resident memory
// should not grow by anything like the file's size. Prints idle and peak RSS, the growth, the
// time and the ZIP's size (the client counts the bytes and keeps none), beside a plain download
// of the same object as the reference: local R2 (miniflare's simulator, inside the same workerd)
// grows RSS by itself, most on first reads. Measured here (2 cores, shared): with a 300 MB file
// the second ZIP export grew RSS by ~20 MB, the second plain download by ~96 MB.
import { startApp, newUser } from "./lib.mjs";
import { sendMultipart, totalRssMb, workerdPids } from "./upload.bench.mjs";

const MB = Number(process.env.BENCH_UPLOAD_MB ?? 100);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function () {
  const app = await startApp(8781, { persistTo: ".wrangler/bench-export", vars: { MAX_UPLOAD_SIZE: String(Math.max(MB, 100) * 1024 * 1024 + 1024 * 1024) } });
  try {
    const { token } = await newUser(app.base);
    const up = await sendMultipart(app.base, token, MB * 1024 * 1024);
    if (up.status >= 300) throw new Error(`upload answered ${up.status}: ${up.body.slice(0, 300)}`);
    const pids = workerdPids(app.pid);
    const auth = { authorization: `Bearer ${token}` };
    const avatar = await (await fetch(`${app.base}/api/avatars/my-avatar`, { headers: auth })).json();
    /** Downloads `url` counting bytes while sampling workerd's RSS every 20 ms. */
    async function measure(label, url, headers = {}) {
      await sleep(2000);
      const idle = totalRssMb(pids);
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, totalRssMb(pids))), 20);
      const t = performance.now();
      let bytes = 0;
      try {
        const res = await fetch(url, { headers });
        if (!res.ok) throw new Error(`${label} answered ${res.status}`);
        for await (const chunk of res.body) bytes += chunk.length;
      } finally {
        clearInterval(sampler);
      }
      const s = (performance.now() - t) / 1000;
      console.log(
        `${label.padEnd(44)} ${(bytes / 1024 / 1024).toFixed(1)} MB in ${s.toFixed(1)} s   workerd RSS idle ${idle.toFixed(1)} MB   peak ${peak.toFixed(1)} MB   growth ${(peak - idle).toFixed(1)} MB`,
      );
    }
    // Reference: the same object streamed straight from R2 by the media route (no ZIP), so the
    // growth local R2 (miniflare's simulator, in the same workerd) causes by itself shows.
    for (let round = 1; round <= 2; round++) {
      await measure(`plain R2 download of the file, round ${round}`, new URL(avatar.previewUrl, app.base).toString());
      await measure(`ZIP export with a ${MB} MB file, round ${round}`, `${app.base}/api/users/me/export?format=zip`, auth);
    }
  } finally {
    app.stop();
  }
}
