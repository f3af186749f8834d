import { describe, it, expect } from "vitest";
import { answer, OfflineExtractiveLlm, OFFLINE_MODEL, respond } from "../../worker/platform/llm/offline";
import { buildPersonaPrompt, type PersonaProfile } from "../../worker/shared/persona";
import type { RetrievedChunk } from "../../worker/modules/knowledge/keyword-search";

const chunk = (content: string, title = "Notes", i = 0): RetrievedChunk => ({
  chunkId: `c${i}`,
  documentId: `d${i}`,
  title,
  position: i,
  heading: "",
  content,
  score: 1,
});
const profile = (p: Partial<PersonaProfile["personality"]> = {}): PersonaProfile => ({
  name: "Ana Lima",
  headline: "Climber and data engineer",
  bio: "I build data pipelines in Lisbon.",
  personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 0, ...p },
});
const NOTES = [
  chunk("I grew up in Porto. My first job was at a bakery where I learned to wake up at 4 am. Later I studied computer science in Coimbra.", "Life", 0),
  chunk("On weekends I go bouldering at Fontainebleau. Climbing taught me patience. My favourite climbing problem is La Marie-Rose.", "Hobbies", 1),
  chunk("Ana is a vegetarian and cooks a lot of lentil soup. Cooking relaxes me after long climbing trips.", "Food", 2),
];
const ask = (question: string, p: Partial<PersonaProfile["personality"]> = {}, chunks = NOTES) =>
  answer(buildPersonaPrompt({ profile: profile(p), history: [], chunks, question }));

describe("offline extractive responder", () => {
  it("answers from the uploaded fact that matches, with its citation number", () => {
    const a = ask("Where do you go bouldering?", { verbosity: 0 });
    expect(a).toContain("Fontainebleau");
    expect(a).toContain("[2]");
    expect(a).not.toContain("bakery");
    // A matching sentence brings its passage along when there is room for more.
    const b = ask("Where do you go climbing?", { verbosity: 100 });
    expect(b).toContain("Climbing taught me patience");
    expect(b).toContain("Fontainebleau");
    expect(b).not.toContain("Porto");
  });

  it("the reply opens with the sentence that answers; the rest of its passage follows (walk-through: a CV's unrelated line came first)", () => {
    const cv = chunk(
      "Curriculum vitae of Ada Walker\nI grew up in Porto, Portugal, near the river Douro.\nI studied marine biology at the University of Aveiro and graduated in 2012.\nMy favourite food is grilled sardines with roasted peppers.\nI work as a research diver at the Oceanographic Institute in Lisbon.\nIn my free time I play the cello in an amateur orchestra.",
      "cv",
      0,
    );
    const a = ask("What instrument do you play?", { verbosity: 50 }, [cv]);
    const cited = a.split(/(?<=\]\.)\s+/).filter((s) => /\[\d\]/.test(s));
    expect(cited[0]).toContain("cello");
    // With room for more, the passage's neighbours still come along, after it.
    expect(cited.length).toBeGreaterThan(1);
  });

  it("reads a sentence with its section heading, not the document title every section shares (held-out walk-through)", () => {
    // "My life so far" made every sentence under it answer "Where do you live?" (life ↔ live): the study line came first.
    const section = (heading: string, content: string, i: number): RetrievedChunk => ({ ...chunk(content, "My life so far", i), heading });
    const notes = [
      section("Study", "I am doing a part-time master's degree in climate science through University College Cork.", 0),
      section("Home", "I share a cottage in Kinsale with my husband Declan, who repairs fishing boats.", 1),
    ];
    const a = ask("Where do you live?", { verbosity: 0 }, notes);
    expect(a).toContain("Kinsale");
    expect(a).not.toContain("climate");
  });

  it("does not piece a one-topic question together from several sentences (held-out walk-through)", () => {
    // "favourite" from the book line and loose links to "film" from the others added up to the floor, and the reply
    // cited "I keep six hives of bees" for "What is your favourite film?".
    const notes = [
      chunk(
        "I keep six hives of bees in the back garden and sell the honey at the Saturday market. On calm mornings I kayak around the harbour. My favourite book is Middlemarch, which I reread every winter. I am allergic to cats, so we have a tortoise called Pebble instead. I sing in a pub session on Thursdays, mostly old sea shanties.",
        "Outside work",
        0,
      ),
    ];
    const a = ask("What is your favourite film?", { verbosity: 25 }, notes);
    expect(a).toMatch(/haven't shared/);
    expect(a).not.toMatch(/\[\d\]/);
    // Several topics are still answered together ("climbing, Porto and cooking": the test below).
  });

  it("verbosity sets how many sentences it stitches", () => {
    const count = (s: string) => (s.match(/\[\d\]/g) ?? []).length;
    expect(count(ask("Tell me about climbing, Porto, cooking and bakery work", { verbosity: 0 }))).toBe(1);
    expect(count(ask("Tell me about climbing, Porto, cooking and bakery work", { verbosity: 100 }))).toBeGreaterThanOrEqual(4);
  });

  it("formality changes greeting and contractions; enthusiasm the energy; humor adds an aside from the content", () => {
    const casual = ask("What do you cook?", { formality: 0 });
    const formal = ask("What do you cook?", { formality: 100 });
    // Openers vary per conversation since issue #15; the register shows in the words.
    expect(casual).not.toMatch(/^(Thank you for asking|Certainly|With pleasure)/);
    expect(casual).toContain("I'm a vegetarian"); // third person "Ana is" → first person, contracted
    expect(formal).toMatch(/^(Thank you for asking|Certainly|With pleasure|That is a fair question|I am)/);
    expect(formal).toContain("I am a vegetarian");
    expect(ask("What do you cook?", { enthusiasm: 100 })).toMatch(/love talking about cook.*!$/s);
    expect(ask("What do you cook?", { enthusiasm: 0 })).not.toContain("!");
    const funny = ask("What do you cook?", { humor: 100 });
    expect(funny).toMatch(/get me started on \w+/);
    expect(ask("What do you cook?", { humor: 0 })).not.toMatch(/get me started/);
    // A yes/no question has no topic to get started on (walk-through: "get me started on whether I have any pets").
    const yesNo = ask("Do you cook lentil soup?", { humor: 100 });
    expect(yesNo).toContain("lentil soup");
    expect(yesNo).not.toMatch(/get me started on whether/);
  });

  it("says honestly when nothing relevant was shared, and is deterministic", () => {
    const a = ask("What is your opinion on quantum chromodynamics?");
    expect(a).toMatch(/haven't shared anything about .*quantum/);
    expect(a).not.toMatch(/\[\d\]/);
    expect(ask("Where do you go climbing?")).toBe(ask("Where do you go climbing?"));
  });

  it("reads 'grow up' as one meaning: where I grew up, not what I grow or build", () => {
    expect(ask("Where did you grow up?", { verbosity: 0 })).toContain("Porto");
    const garden = [chunk("I grew tomatoes on my balcony last summer. I build web apps for small charities.", "Home", 0)];
    const a = ask("Where did you grow up?", {}, garden);
    expect(a).toMatch(/haven't shared anything about/);
    expect(a).not.toMatch(/\[\d\]/);
  });

  it("streams word by word and ends with the whole text as final", async () => {
    const prompt = buildPersonaPrompt({ profile: profile(), history: [], chunks: NOTES, question: "Where do you go climbing?" });
    const chunks = [];
    for await (const c of new OfflineExtractiveLlm().stream(prompt)) chunks.push(c);
    const deltas = chunks.filter((c) => c.type === "delta").map((c) => c.text);
    const final = chunks.at(-1)!;
    expect(deltas.length).toBeGreaterThan(3);
    expect(final).toEqual({ type: "final", text: deltas.join(""), model: OFFLINE_MODEL, status: "answered" });
  });
});

describe("the owner's own answers in an extractive reply (QA walk-through, bug 1)", () => {
  const revision = (question: string, answerText: string, i: number): RetrievedChunk => ({
    ...chunk(`Question: ${question}\n\nAnswer: ${answerText}`, question, i),
    kind: "revision",
  });
  const withOwn = [
    revision("What is your favourite football team?", "I support FC Porto, of course — I grew up going to the Dragão stadium with my dad.", 3),
    ...NOTES,
  ];

  it("never reads out the stored question of an own answer when the question is worded differently", () => {
    const a = ask("Which soccer club do you support?", { verbosity: 50 }, withOwn);
    expect(a).not.toMatch(/Question:|Answer:/);
  });

  it("an unrelated question is answered from the notes, without the own answer's stored form", () => {
    const a = ask("Where did you grow up?", { verbosity: 0 }, withOwn);
    expect(a).toContain("Porto");
    expect(a).not.toMatch(/Question:|Answer:|football/);
  });
});

describe("a statement rather than a question (QA walk-through, bug 5)", () => {
  it("is acknowledged, not refused with the statement quoted back, and is not reported unanswered", async () => {
    const prompt = buildPersonaPrompt({
      profile: profile(),
      history: [],
      chunks: NOTES,
      question: "By the way, I just got my diving instructor licence last month.",
    });
    const a = answer(prompt);
    expect(a).not.toMatch(/haven't shared|by the way/i);
    expect(a).toMatch(/thanks for telling me/i);
    let status: string | undefined;
    for await (const c of new OfflineExtractiveLlm().stream(prompt)) if (c.type === "final") status = c.status;
    expect(status).toBe("answered");
  });

  it("a question about something not shared is still refused honestly", () => {
    expect(ask("Did you get a diving licence?")).toMatch(/haven't shared/);
  });
});

// Walk-through 2026-12-04: with a sailing diary, a cooking note and an unrelated spec uploaded, the boat's name came
// with "My signature dish is a saffron risotto… [2]" (signature ↔ name covered a quarter of the question, which the
// several-topics rule let through), and the dish with a MIME-type spec sentence.
describe("a reply stays on the question (QA walk-through 2, bug 5)", () => {
  const notes = [
    chunk(
      "Sailing Diary. I learned to sail on Lake Constance in the summer of 2019. My boat is a small wooden dinghy called Marlowe. My favourite knot is the bowline because it never jams.",
      "Sailing",
      0,
    ),
    chunk("My signature dish is a saffron risotto that my grandmother taught me in Milan. I bake sourdough bread every Sunday morning.", "Cooking", 1),
    chunk(
      "This file is an XML file whose document element is named mime-info. Any file whose name matches this pattern will be given this MIME type.",
      "Shared MIME-info Database specification",
      2,
    ),
  ];
  it("names the boat without a sentence from another document that only shares a loose link", () => {
    const a = ask("What is the name of your boat?", { verbosity: 50 }, notes);
    expect(a).toContain("Marlowe");
    expect(a).not.toMatch(/risotto|mime/i);
  });
  it("says the signature dish without the spec's sentences", () => {
    const a = ask("What is your signature dish?", { verbosity: 50 }, notes);
    expect(a).toContain("saffron risotto");
    expect(a).not.toMatch(/XML|MIME/);
  });
  it("still answers a question about several things from several documents", () => {
    const a = ask("Tell me about your boat, your signature dish and your bread", { verbosity: 100 }, notes);
    expect(a).toContain("Marlowe");
    expect(a).toContain("risotto");
    expect(a).toContain("sourdough");
  });
});

// Walk-through (humour at the default 50): "(Fair warning: get me started on any health issues …)" closed most replies,
// a health question's too. Mid humour is "an occasional light touch" (persona.ts), and a health worry is no joke.
describe("the humour aside: occasional, and never on a sore subject", () => {
  it("at mid humour comes once in a conversation, not in every reply", () => {
    const history: { role: "user" | "assistant"; content: string }[] = [];
    const replies: string[] = [];
    for (const question of ["Where did you grow up?", "Where do you go bouldering?", "What do you cook?"]) {
      const text = answer(buildPersonaPrompt({ profile: profile({ humor: 50, verbosity: 100 }), history, chunks: NOTES, question, conversationId: "c1" }));
      history.push({ role: "user", content: question }, { role: "assistant", content: text });
      replies.push(text);
    }
    expect(replies.filter((r) => /get me started/.test(r)).length).toBeLessThanOrEqual(1);
  });

  it("not after a question about health or fears, even at high humour", () => {
    const notes = [{ ...NOTES[0]!, content: "I have had asthma since I was a kid. I carry an inhaler on every climb." }];
    expect(ask("Any health issues?", { humor: 100, verbosity: 100 }, notes)).not.toMatch(/get me started/);
  });
});

describe("the humour aside (QA walk-through, bug 12)", () => {
  it("names what the question asked about, not a stray frequent word of the answer", () => {
    const a = ask("Where did you grow up?", { humor: 100, verbosity: 100 });
    expect(a).toMatch(/get me started on where I grew up and/);
  });
});

// Walk-through: a returning visitor's new question got 'Last time you asked "What instrument do you play?" I prefer to
// talk…', the recall and the reply run together with no sentence break between them.
describe("a returning visitor's recall of last time (walk-through, defect 7)", () => {
  const reply = (question: string, extra: { guardrails?: { topics: string[]; refusal: string }; chunks?: RetrievedChunk[] } = {}) =>
    respond(
      buildPersonaPrompt({
        profile: profile(),
        history: [],
        chunks: extra.chunks ?? NOTES,
        question,
        guardrails: extra.guardrails,
        visitorNotes: [{ kind: "asked", text: "What instrument do you play", at: 0 }],
      }),
    );
  const RECALL = 'You asked "What instrument do you play?" last time.';
  const own = {
    ...chunk("Question: What is your favourite football team?\n\nAnswer: I support FC Porto.", "What is your favourite football team?", 3),
    kind: "revision" as const,
  };
  const cases: [string, ReturnType<typeof respond>][] = [
    ["a greeting", reply("Hello again")],
    ["an answer", reply("Where do you go bouldering?")],
    ["a not-shared reply", reply("Do you have a dog?")],
    ["an own answer", reply("What is your favourite football team?", { chunks: [own, ...NOTES] })],
    ["a decline", reply("What is your salary?", { guardrails: { topics: ["salary"], refusal: "I prefer to talk about my work instead." } })],
  ];
  for (const [path, r] of cases)
    it(`is a sentence of its own before ${path}`, () => {
      expect(r.text.startsWith(`${RECALL} `)).toBe(true);
      expect(r.text).not.toMatch(/\?" \p{Lu}/u);
    });
  it("keeps each reply's status", () => {
    expect(cases.map(([, r]) => r.status)).toEqual(["answered", "answered", "unanswered", "answered", "declined"]);
  });
});

// Walk-through: "what did you do before that?" (every word a stopword) got the greeting and introduction back.
describe("a question with no word the notes could match", () => {
  it("is declined as a question, not greeted", () => {
    const r = respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: NOTES, question: "what did you do before that?" }));
    expect(r.text).not.toMatch(/^Hi\b/);
    expect(r.text).toMatch(/haven't shared anything about that/);
    expect(r.status).toBe("unanswered");
  });
  it("an empty-ish message that is no question still gets the introduction", () => {
    expect(respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: NOTES, question: "ok" })).text).toMatch(/^Hi, I'm Ana/);
  });
});
