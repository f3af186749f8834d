// Visitors type "whats ur fav band": the lexicon knows none of these forms (chat-speak.ts).
import { describe, expect, it } from "vitest";
import { plainQuestion } from "../../worker/shared/chat-speak";
import { relevance, RELEVANCE_FLOOR } from "../../worker/shared/relevance";

describe("chat spellings", () => {
  it("writes them out, keeping the rest as typed", () => {
    expect(plainQuestion("whats ur fav band?")).toBe("what is your favourite band?");
    expect(plainQuestion("who do u work for")).toBe("who do you work for");
    expect(plainQuestion("what do u eat when ur sad")).toBe("what do you eat when you are sad");
    expect(plainQuestion("where r u from")).toBe("where are you from");
    expect(plainQuestion("what do you drink in the a.m.")).toBe("what do you drink in the morning");
    expect(plainQuestion("Was machst du im Urlaub?")).toBe("Was machst du im Urlaub?");
    expect(plainQuestion("Do you like uranium or Ursula?")).toBe("Do you like uranium or Ursula?");
  });

  it("lets a question typed that way find its note", () => {
    expect(relevance("whats the name of your band", "I play bass in a cumbia band called Los Sismos.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("got grandkids?", "My daughter has two grandchildren of mine, Aiko and Mei.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
  });
});
