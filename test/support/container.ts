// The Worker's composition root for tests that drive services, jobs and repositories directly
// (the HTTP API is driven through ./client.ts). Repositories are module-internal in the worker;
// tests build their own over the same D1 to arrange and inspect state.
import { env } from "cloudflare:test";
import { buildContainer, type AdapterReplacements } from "../../worker/container";
import type { Env } from "../../worker/env";
import { jobRuntime } from "../../queue-consumers";
import type { JobDefinition } from "../../worker/modules/jobs";
import { createDb } from "../../worker/platform/db/client";
import { JobRepository } from "../../worker/modules/jobs/jobs.repo";
import { KnowledgeRepository } from "../../worker/modules/knowledge/knowledge.repo";
import { AvatarRepository } from "../../worker/modules/avatar/avatar.repo";
import { VideoRepository } from "../../worker/modules/video/video.repo";
import { MessageRepository } from "../../worker/modules/chat/messages.repo";
import { D1ContextLoader } from "../../worker/modules/chat/chat-context";
import { DurableObjectCache } from "../../worker/platform/cache/durable-object";
import { LexicalConceptEmbedder } from "../../worker/platform/embedder/lexical-concepts";
import { D1VectorStore } from "../../worker/platform/vector-store/d1";

export const container = (e: Env = env, replace: AdapterReplacements = {}) => buildContainer(e, replace);

/** The job runner over the worker's job definitions plus any the test defines. */
export function runtime(extra: readonly JobDefinition[] = [], e: Env = env, replace: AdapterReplacements = {}) {
  const c = buildContainer(e, replace);
  return jobRuntime({ jobs: c.jobs, jobDefinitions: [...c.jobDefinitions, ...extra] });
}

export function repos(e: Env = env) {
  const db = createDb(e.DB);
  return {
    jobs: new JobRepository(db),
    knowledge: new KnowledgeRepository(db, e.DB),
    avatars: new AvatarRepository(db),
    videos: new VideoRepository(db),
    messages: new MessageRepository(db),
  };
}

/** The adapters the test env gets (no AI binding, no embeddings URL, no Vectorize): the local ones. */
export function localAdapters(e: Env = env) {
  return { embedder: new LexicalConceptEmbedder(), vectors: new D1VectorStore(e.DB), cachePort: new DurableObjectCache(e.CACHE_STORE) };
}

/** The chat module's context loader over the message repository, as the container wires it. */
export function chatContext(e: Env = env) {
  const { cachePort } = localAdapters(e);
  const messages = new MessageRepository(createDb(e.DB));
  const c = buildContainer(e);
  return { messages, loader: new D1ContextLoader(c.profiles, messages, c.knowledge, (id, epoch) => c.audience.guardrails(id, epoch)), cachePort };
}
