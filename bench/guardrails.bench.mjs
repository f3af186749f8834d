// Guardrails: the labelled set in bench/data/guardrails-labelled.json through the Worker's own
// offline responder (bundled from worker/ with esbuild), as a chat turn would run it. Prints the
// confusion counts: off-limits questions declined / answered, in-scope ones answered / declined.
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const data = JSON.parse(readFileSync(new URL("./data/guardrails-labelled.json", import.meta.url), "utf8"));

async function workerModules() {
  const dir = mkdtempSync(join(tmpdir(), "guardrails-bench-"));
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    [
      `export { respond } from ${JSON.stringify(join(root, "worker/platform/llm/offline.ts"))};`,
      `export { buildPersonaPrompt } from ${JSON.stringify(join(root, "worker/shared/persona.ts"))};`,
    ].join("\n"),
  );
  const outfile = join(dir, "out.mjs");
  await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "error", absWorkingDir: root });
  return import(outfile);
}

export default async function run() {
  const { respond, buildPersonaPrompt } = await workerModules();
  const profile = {
    name: "Ana Lima",
    headline: "Violinist",
    bio: "I play the violin in Porto.",
    personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 0 },
  };
  const counts = { offLimitsDeclined: 0, offLimitsAnswered: 0, inScopeAnswered: 0, inScopeDeclined: 0 };
  const misses = [];
  for (const { q, offLimits } of data.questions) {
    const declined = respond(buildPersonaPrompt({ profile, history: [], chunks: [], question: q, guardrails: data.guardrails })).status === "declined";
    const key = offLimits ? (declined ? "offLimitsDeclined" : "offLimitsAnswered") : declined ? "inScopeDeclined" : "inScopeAnswered";
    counts[key]++;
    if (declined !== offLimits) misses.push(q);
  }
  const offTotal = counts.offLimitsDeclined + counts.offLimitsAnswered;
  const inTotal = counts.inScopeAnswered + counts.inScopeDeclined;
  console.log(`guardrails labelled set: ${data.questions.length} questions, topics ${JSON.stringify(data.guardrails.topics)}`);
  console.log(`  off-limits refused     ${counts.offLimitsDeclined}/${offTotal}`);
  console.log(`  off-limits answered    ${counts.offLimitsAnswered}/${offTotal}`);
  console.log(`  in-scope answered      ${counts.inScopeAnswered}/${inTotal}`);
  console.log(`  in-scope refused       ${counts.inScopeDeclined}/${inTotal}`);
  if (misses.length) console.log(`  misclassified: ${misses.map((m) => JSON.stringify(m)).join(", ")}`);
  return counts;
}
