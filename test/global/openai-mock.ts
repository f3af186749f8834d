import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM module run by Node, no type declarations
import { startMockOpenAI } from "../support/openai-mock-server.mjs";
import { freePort } from "../support/free-port.mjs";

// Runs in Node before the workerd suites: a local OpenAI-compatible server for the Groq adapter.

export default async function setup(project: TestProject) {
  const port = await freePort();
  const server = await startMockOpenAI(port);
  project.provide("llmUrl", `http://127.0.0.1:${port}`);
  return () => new Promise<void>((r) => server.close(() => r()));
}

declare module "vitest" {
  export interface ProvidedContext {
    llmUrl: string;
  }
}
