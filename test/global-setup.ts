import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM module run by Node, no type declarations
import { startMockOpenAI } from "./support/openai-mock-server.mjs";

// Runs in Node before the workerd suites: a local OpenAI-compatible server for the Groq adapter.
const PORT = 8084;

export default async function setup(project: TestProject) {
  const server = await startMockOpenAI(PORT);
  project.provide("llmUrl", `http://127.0.0.1:${PORT}`);
  return () => new Promise<void>((r) => server.close(() => r()));
}

declare module "vitest" {
  export interface ProvidedContext {
    llmUrl: string;
  }
}
