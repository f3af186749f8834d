import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { GroqLlm } from "../../../worker/platform/llm/groq";
import { OfflineExtractiveLlm } from "../../../worker/platform/llm/offline";
import { pickFactExtractor } from "../../../worker/modules/memory";

const llm = (scenario: string) =>
  new GroqLlm({ apiKey: "k", model: "mock-model", baseURL: `${env.MOCK_LLM_URL}/${scenario}/${crypto.randomUUID()}/v1`, timeoutMs: 5000, maxRetries: 0 });
const stats = async (url: string) => (await fetch(url)).json<{ calls: number; last: { body: any } }>();

describe("memory extraction: the model when there is one, the rules offline", () => {
  it("offline: the rule-based extractor", async () => {
    const x = pickFactExtractor(new OfflineExtractiveLlm());
    expect(x.origin).toBe("rules");
    expect(await x.extract("I moved to Lisbon last month. Where do you live?")).toEqual(["I moved to Lisbon last month."]);
  });

  it("with a model: structured output (json_schema), parsed and validated", async () => {
    const k = crypto.randomUUID();
    const x = pickFactExtractor(new GroqLlm({ apiKey: "k", model: "mock-model", baseURL: `${env.MOCK_LLM_URL}/ok/${k}/v1`, timeoutMs: 5000, maxRetries: 0 }));
    expect(x.origin).toBe("llm");
    expect(await x.extract("I moved to Lisbon")).toEqual(["I moved to Lisbon (model)"]);
    const s = await stats(`${env.MOCK_LLM_URL}/stats/${k}`);
    expect(s.last.body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "facts" } });
    expect(s.last.body.stream).toBe(false);
  });

  it("a message with no first-person word costs no model call", async () => {
    const k = crypto.randomUUID();
    const x = pickFactExtractor(new GroqLlm({ apiKey: "k", model: "mock-model", baseURL: `${env.MOCK_LLM_URL}/ok/${k}/v1`, timeoutMs: 5000, maxRetries: 0 }));
    expect(await x.extract("What is the capital of France?")).toEqual([]);
    expect((await stats(`${env.MOCK_LLM_URL}/stats/${k}`)).calls ?? 0).toBe(0);
  });

  it("a model outage or a non-JSON answer falls back to the rules", async () => {
    expect(await pickFactExtractor(llm("down")).extract("I grew up in Porto.")).toEqual(["I grew up in Porto."]);
    expect(await pickFactExtractor(llm("garbled")).extract("I grew up in Porto.")).toEqual(["I grew up in Porto."]);
  });
});
