// `npm run bench memory`: precision and recall of the offline memory extractor on a labelled set
// (bench/data/memory-facts.json). Pure code, no server: Node runs the TypeScript file directly.
import { readFileSync } from "node:fs";
import { extractFirstPersonFacts } from "../worker/shared/first-person-facts.ts";

export function score(set = JSON.parse(readFileSync(new URL("./data/memory-facts.json", import.meta.url), "utf8"))) {
  const predicted = (m) => extractFirstPersonFacts(m).length > 0;
  const tp = set.facts.filter(predicted);
  const fn = set.facts.filter((m) => !predicted(m));
  const fp = set.nonFacts.filter(predicted);
  const precision = tp.length / (tp.length + fp.length || 1);
  const recall = tp.length / (set.facts.length || 1);
  return { facts: set.facts.length, nonFacts: set.nonFacts.length, tp: tp.length, fp, fn, precision, recall };
}

export default async function run() {
  const s = score();
  console.log(`offline memory extractor: ${s.facts} facts, ${s.nonFacts} non-facts (questions, opinions about others, hypotheticals, requests, small talk)`);
  console.log(`  precision ${(s.precision * 100).toFixed(1)}%  recall ${(s.recall * 100).toFixed(1)}%  (true positives ${s.tp})`);
  for (const m of s.fn) console.log(`  missed fact:     ${m}`);
  for (const m of s.fp) console.log(`  false positive:  ${m}`);
}
