// Issue #15: the offline refusal names what was asked as a first-person phrase of the question
// ("I haven't shared anything about my favourite football team yet"), not a list of keywords.
import { describe, it, expect } from "vitest";
import { pastTense, thirdPerson, topicPhrase } from "../../worker/shared/question-topic";
import { answer } from "../../worker/platform/llm/offline";
import { buildPersonaPrompt, type PersonaProfile, type RetrievedChunk } from "../../worker/shared/persona";

describe("topicPhrase: the question's topic in the owner's words", () => {
  const cases: [string, string][] = [
    ["What is your favourite football team?", "my favourite football team"],
    ["What's your blood type?", "my blood type"],
    ["What is the name of your cat?", "the name of my cat"],
    ["What was your dissertation about?", "what my dissertation was about"],
    ["Who is your spouse?", "who my spouse is"],
    ["Which political party do you vote for?", "which political party I vote for"],
    ["How much money do you earn?", "how much money I earn"],
    ["What are you afraid of?", "what I am afraid of"],
    ["Where did you grow up?", "where I grew up"],
    ["Which university did you go to?", "which university I went to"],
    ["Did you ever work as a truck driver?", "whether I ever worked as a truck driver"],
    ["Do you play chess?", "whether I play chess"],
    ["Have you ever climbed a volcano?", "whether I have ever climbed a volcano"],
    ["Are you married?", "whether I am married"],
    ["Is there an herb you dislike?", "whether there is an herb I dislike"],
    ["Is your partner a lawyer?", "whether my partner is a lawyer"],
    ["Does your brother play bass?", "whether my brother plays bass"],
    ["What does your research group do?", "what my research group does"],
    ["What did your dad do?", "what my dad did"],
    ["How many engineers work with you?", "how many engineers work with me"],
    // Walk-through: "I haven't shared anything about how old is Sam yet": "how old" asks about the subject, it is not one.
    ["How old is Sam?", "how old Sam is"],
    ["How tall is your brother?", "how tall my brother is"],
    ["How many people are on your team?", "how many people are on my team"],
    ["Tell me about your PhD", "my PhD"],
    // Walk-through: "what my dog's is breed": "breed" ends in -ed like "called", but is no participle.
    ["What is your dog's breed?", "my dog's breed"],
    ["What is your cat called?", "what my cat is called"],
  ];
  for (const [q, phrase] of cases) it(`${q} → ${phrase}`, () => expect(topicPhrase(q)).toBe(phrase));

  it("has no phrase for an empty question", () => {
    expect(topicPhrase(" ?! ")).toBeNull();
  });

  it("inflects regular and irregular verbs", () => {
    expect([pastTense("grow"), pastTense("stop"), pastTense("study"), pastTense("move"), pastTense("visit")]).toEqual([
      "grew",
      "stopped",
      "studied",
      "moved",
      "visited",
    ]);
    expect([thirdPerson("play"), thirdPerson("do"), thirdPerson("study"), thirdPerson("watch")]).toEqual(["plays", "does", "studies", "watches"]);
  });
});

const chunk = (content: string, i = 0): RetrievedChunk => ({
  chunkId: `c${i}`,
  documentId: `d${i}`,
  title: "Notes",
  position: i,
  heading: "",
  content,
  score: 1,
});
const profile = (formality: number, language?: string): PersonaProfile => ({
  name: "Inês Carvalho",
  headline: "Marine biologist",
  bio: "I study octopuses in Bergen.",
  personality: { formality, enthusiasm: 50, verbosity: 25, humor: 0 },
  ...(language ? { language } : {}),
});
const NOTES = [
  chunk("My favourite movie is Spirited Away, which I have watched eleven times.", 0),
  chunk("Outside the lab my hobbies are sailing and playing the cello.", 1),
];

describe("the offline refusal reads like a person", () => {
  it("names the topic as a first-person phrase, with no citation and no keyword list", () => {
    const a = answer(buildPersonaPrompt({ profile: profile(50), history: [], chunks: NOTES, question: "What is your favourite football team?" }));
    expect(a).toBe("Honestly, I haven't shared anything about my favourite football team yet, so I won't guess.");
    const b = answer(buildPersonaPrompt({ profile: profile(50), history: [], chunks: NOTES, question: "Do you play chess?" }));
    expect(b).toContain("I haven't shared anything about whether I play chess yet");
    expect(b).not.toMatch(/\[\d\]|,\s*chess/);
  });

  it("keeps the register: formal, and 'that' in a language it does not rephrase", () => {
    const formal = answer(buildPersonaPrompt({ profile: profile(100), history: [], chunks: NOTES, question: "What is your blood type?" }));
    expect(formal).toBe("I am afraid I have not shared anything about my blood type yet, so I would rather not guess.");
    const pt = answer(buildPersonaPrompt({ profile: profile(50), history: [], chunks: NOTES, question: "Qual é o teu tipo de sangue?" }));
    expect(pt).toMatch(/^Sinceramente, ainda não partilhei nada sobre isso/);
  });
});
