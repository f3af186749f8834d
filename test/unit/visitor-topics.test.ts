// The visitor topics relevance.ts matches as one word each (visitor-topics.ts): what asks them, and what says them.
import { describe, expect, it } from "vitest";
import { namesATrade, passageTopics, questionTopics } from "../../worker/shared/visitor-topics";

const topicsOf = (text: string) => passageTopics(text).map((x) => x.topic);

describe("visitor topics", () => {
  it("names a trade by WordNet's kinds of worker, not any person", () => {
    for (const w of ["nurse", "carpenter", "farmer", "engineer", "manager", "journalist", "musician"]) expect(namesATrade(w), w).toBe(true);
    for (const w of ["sister", "friend", "neighbour", "student", "runner", "greyhound", "child"]) expect(namesATrade(w), w).toBe(false);
  });

  it("reads what a question asks, and the words that ask it", () => {
    expect(questionTopics("What do you do for a living?")).toEqual([{ topic: "work", phrases: ["for a living"] }]);
    expect(questionTopics("Which town are you originally from?").map((x) => x.topic)).toEqual(["origin"]);
    expect(questionTopics("What do you do in your free time?").map((x) => x.topic)).toEqual(["leisure"]);
    expect(questionTopics("Do you like dogs?")).toEqual([]);
  });

  it("reads what a passage says, a trade only where the text makes it one", () => {
    expect(topicsOf("My older sister Meera is a cardiologist in Leeds.")).toEqual(["siblings", "work"]);
    expect(topicsOf("Volcano monitoring technician at OVDAS since 2023.")).toEqual(["work"]);
    expect(topicsOf("Volcano monitoring technician in Pucón, Chile.")).toEqual(["work"]);
    expect(topicsOf("I've got a dodgy lower back, so I do pilates on Tuesdays.")).toEqual(["health"]);
    expect(topicsOf("We adopted a retired racing greyhound.")).toEqual([]);
    expect(topicsOf("Next summer I plan to take the night train to Dublin.")).toEqual(["plans", "travel"]);
    expect(topicsOf("I was born in Mthatha.")).toEqual(["origin"]);
    expect(topicsOf("My wife Halina loved the sea.")).toEqual(["partner"]);
  });
});
