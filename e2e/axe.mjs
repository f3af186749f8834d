// axe-core in the page: injected from node_modules (bypassCSP on the context lets the inline tag run).
import { createRequire } from "node:module";
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Runs axe on the current page; returns the serious/critical violations (rule id, impact, node count, first target). */
export async function axeSerious(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      first: v.nodes[0]?.target.join(" "),
      summary: v.nodes[0]?.failureSummary?.split("\n").slice(1, 2).join(" ").trim(),
    }));
}
