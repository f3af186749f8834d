// Issue #15: with no keys, the clone must find what the owner meant (lemmas, synonyms), decline
// honestly below a relevance floor, and reply like a person. Each case here failed before the change.
import { describe, it, expect } from "vitest";
import { api, registerUser } from "../../support/client";
import { addKnowledge, newConversation } from "../../support/chat";
import { answer, respond } from "../../../worker/platform/llm/offline";
import { buildPersonaPrompt, type PersonaProfile, type RetrievedChunk } from "../../../worker/shared/persona";
import { LexicalHashEmbedder } from "../../../worker/platform/embedder/lexical-hash";
import { LexicalConceptEmbedder } from "../../../worker/platform/embedder/lexical-concepts";

const NOTES = [
  "I grew up in Lisbon, in a flat above my grandmother's tailoring shop.",
  "I finished my doctorate at the University of Aveiro in 2016.",
  "My thesis examined how octopuses camouflage on sandy seabeds.",
  "Outside the lab my hobbies are sailing and playing the cello.",
  "My favourite movie is Spirited Away, which I have watched eleven times.",
  "These days I lead a small research team at the Oceanographic Institute in Bergen.",
  "I started taking Spanish lessons in January.",
];

async function ask(message: string) {
  const a = await registerUser("Inês Carvalho");
  const doc = await addKnowledge(a.user.id, "About me", NOTES);
  const conv = await newConversation(a.token);
  const r = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message } });
  expect(r.status).toBe(200);
  return { reply: r.body.reply as { content: string; citations: { chunkId: string }[]; answerStatus: string }, doc };
}

describe("issue #15: paraphrases find the note (chat, offline responder, keyword search)", () => {
  const cases: [string, string, number][] = [
    ["Where did you grow up?", "Lisbon", 0], // grew ↔ grow
    ["When did you get your PhD?", "2016", 1], // PhD ↔ doctorate
    ["What was your dissertation about?", "octopuses", 2], // dissertation ↔ thesis
    ["What do you do in your free time?", "sailing", 3], // free time ↔ hobbies
    ["Which language are you studying?", "Spanish", 6], // the noun asked for ↔ a kind of it (Spanish → … → language)
  ];
  for (const [q, fact, i] of cases) {
    it(`"${q}" → ${fact}, cited`, async () => {
      const { reply, doc } = await ask(q);
      expect(reply.content).toContain(fact);
      expect(reply.answerStatus).toBe("answered");
      expect(reply.citations.map((c) => c.chunkId)).toContain(doc.chunkIds[i]);
    });
  }

  it("a question the notes cannot answer is declined honestly, with no citation", async () => {
    const { reply } = await ask("What is your favourite football team?");
    expect(reply.content).toMatch(/haven't shared/);
    expect(reply.content).not.toMatch(/Spirited|Bergen/);
    expect(reply.citations).toEqual([]);
    // Below the relevance floor is the structured "could not answer" the Inbox lists.
    expect(reply.answerStatus).toBe("unanswered");
  });

  it("a question in Portuguese is declined in Portuguese when the English notes hold nothing, with no citation", async () => {
    const { reply } = await ask("Qual é a tua equipa de futebol favorita?");
    expect(reply.content).toMatch(/ainda não partilhei/i);
    expect(reply.citations).toEqual([]);
    expect(reply.answerStatus).toBe("unanswered");
  });
});

describe("issue #15: the offline lexical embedder connects lemmas and synonyms under a new id", () => {
  const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  // Hashed 512-d vectors of a one-word question collide with unrelated notes now and then, so the
  // claim is "among the best", not "first": the hybrid search and the relevance floor do the rest.
  it("ranks the paraphrased note among the top 3 of 6 and above its similarity floor; the previous embedder ranked some lower", async () => {
    const v2 = new LexicalConceptEmbedder();
    const v1 = new LexicalHashEmbedder();
    expect(v2.id).toBe("lexical-hash-v5@512");
    expect(v2.id).not.toBe(v1.id);
    const cases: [string, number][] = [
      ["When did you get your PhD?", 1],
      ["What was your dissertation about?", 2],
      ["What do you do in your free time?", 3],
    ];
    const best = async (e: LexicalHashEmbedder, q: string) => {
      const [qv, ...docs] = await e.embed([q, ...NOTES], "document");
      const scores = docs.map((d) => cos(qv!, d!));
      const order = scores
        .map((x, i) => ({ x, i }))
        .sort((a, b) => b.x - a.x)
        .map((y) => y.i);
      return { rank: (want: number) => order.indexOf(want), score: (want: number) => scores[want]! };
    };
    const v1Right: boolean[] = [];
    for (const [q, want] of cases) {
      const r = await best(v2, q);
      expect(r.rank(want), q).toBeLessThan(3);
      expect(r.score(want), q).toBeGreaterThan(v2.minSimilarity);
      v1Right.push((await best(v1, q)).rank(want) === 0);
    }
    expect(v1Right).toContain(false);
  });
});

const chunk = (content: string, title = "Notes", i = 0, heading = ""): RetrievedChunk => ({
  chunkId: `c${i}`,
  documentId: `d${i}`,
  title,
  position: i,
  heading,
  content,
  score: 1,
});
const profile = (p: Partial<PersonaProfile["personality"]> = {}, language?: string): PersonaProfile => ({
  name: "Ana Lima",
  headline: "Climber and data engineer",
  bio: "I build data pipelines in Lisbon.",
  personality: { formality: 0, enthusiasm: 50, verbosity: 0, humor: 0, ...p },
  ...(language ? { language } : {}),
});
const LIFE = [
  chunk("I grew up in Porto. My first job was at a bakery.", "Life", 0),
  chunk("On weekends I go bouldering at Fontainebleau. Climbing taught me patience.", "Hobbies", 1),
  chunk("Ana is a vegetarian and cooks a lot of lentil soup.", "Food", 2),
  chunk("Aurora Coffee Roasting Handbook\nLight roasts keep the fruity acidity of the bean.", "Aurora Coffee Roasting Handbook", 3),
];

describe("issue #15: replies read like a person", () => {
  it("never answers with a heading alone", () => {
    const a = answer(buildPersonaPrompt({ profile: profile(), history: [], chunks: LIFE, question: "Tell me about the Aurora coffee roasting handbook" }));
    expect(a).not.toMatch(/Handbook \[\d\]/);
    expect(a).toContain("Light roasts");
  });

  it("varies its openers within a conversation, deterministically", () => {
    const questions = ["Where did you grow up?", "Where do you go bouldering?", "What do you cook?", "Where was your first job?"];
    const run = () => {
      const history: { role: "user" | "assistant"; content: string }[] = [];
      const replies: string[] = [];
      for (const question of questions) {
        const text = answer(buildPersonaPrompt({ profile: profile(), history, chunks: LIFE, question, conversationId: "cnv_test" }));
        history.push({ role: "user", content: question }, { role: "assistant", content: text });
        replies.push(text);
      }
      return replies;
    };
    const replies = run();
    const openers = replies.map((r) => r.split(/[.!]/)[0]);
    expect(new Set(openers).size).toBeGreaterThan(1);
    for (let i = 1; i < openers.length; i++) expect(openers[i]).not.toBe(openers[i - 1]);
    expect(replies.filter((r) => r.startsWith("Hey, good one.")).length).toBeLessThan(replies.length);
    expect(run()).toEqual(replies);
  });

  it("keeps first-person voice", () => {
    const a = answer(buildPersonaPrompt({ profile: profile(), history: [], chunks: LIFE, question: "Are you a vegetarian?" }));
    expect(a).toContain("I'm a vegetarian");
    expect(a).not.toContain("Ana is");
  });

  it("answers a greeting with a greeting", () => {
    for (const q of ["Hi Ana!", "Good morning!", "hello there"]) {
      const a = answer(buildPersonaPrompt({ profile: profile(), history: [], chunks: LIFE, question: q }));
      expect(a).toMatch(/^(Hi|Hello|Hey|Good morning)\b/);
      expect(a).not.toMatch(/shared anything|vegetarian|\[\d\]/);
    }
  });
});

describe("issue #15: the persona prompt names the reply language", () => {
  it("uses the question's language", () => {
    const en = buildPersonaPrompt({ profile: profile({}, "pt"), history: [], chunks: [], question: "Where did you grow up and what did you study?" });
    expect(en.system).toContain("Reply in English");
    const pt = buildPersonaPrompt({ profile: profile({}, "en"), history: [], chunks: [], question: "Onde é que cresceste e o que estudaste na universidade?" });
    expect(pt.system).toContain("Reply in Portuguese");
  });

  // Walk-through: "Favourite team?" was answered in French. tinyld reads short English questions as another language
  // (fr for "Favourite food?" and "Pets?", de for "Siblings?", es for "Current project?", nl for "Favourite football team?").
  it("takes a short question of English words for English, not a guess at French or German", () => {
    for (const question of ["Favourite team?", "Favourite food?", "Pets?", "Siblings?", "Current project?", "Favourite football team?"]) {
      const p = buildPersonaPrompt({ profile: profile({}, "en"), history: [], chunks: [], question });
      expect(p.system, question).toContain("Reply in English");
      expect(respond(p).text, question).toMatch(/^Honestly, I haven't shared anything about/);
    }
    // Short questions in those languages still are: none of their words is English.
    const pt = buildPersonaPrompt({ profile: profile({}, "en"), history: [], chunks: [], question: "Onde cresceste?" });
    expect(pt.system).toContain("Reply in Portuguese");
    const de = buildPersonaPrompt({ profile: profile({}, "en"), history: [], chunks: [], question: "Wo wohnst du?" });
    expect(de.system).toContain("Reply in German");
    const fr = buildPersonaPrompt({ profile: profile({}, "en"), history: [], chunks: [], question: "Où habites-tu?" });
    expect(fr.system).toContain("Reply in French");
  });

  // Walk-through: with the profile's language set to "pt-BR" (Settings offers regional tags), a question too short to tell
  // was answered in English, and with "en-GB" the not-shared reply lost its topic ("about that"): the tag was compared whole.
  it("reads a regional profile language (pt-BR, en-GB) as its language", () => {
    const br = buildPersonaPrompt({ profile: profile({}, "pt-BR"), history: [], chunks: [], question: "ok?" });
    expect(br.system).toContain("Reply in Portuguese");
    expect(br.language).toBe("pt");
    expect(respond(br).text).toMatch(/^Olá, sou Ana Lima/);
    const gb = buildPersonaPrompt({ profile: profile({}, "en-GB"), history: [], chunks: [], question: "Hobbies?" });
    expect(respond(gb).text).toMatch(/anything about hobbies yet/);
  });

  it("falls back to the profile's language when the question is too short to tell", () => {
    const p = buildPersonaPrompt({ profile: profile({}, "pt"), history: [], chunks: [], question: "ok?" });
    expect(p.system).toContain("Reply in Portuguese");
    const none = buildPersonaPrompt({ profile: profile(), history: [], chunks: [], question: "ok?" });
    expect(none.system).toContain("Reply in English");
  });
});

// Blind held-out set 2 (bench/data/knowledge-holdout2.json): near-miss questions were answered with a sentence that
// mentions the topic and answers none of it.
describe("issue #15: a reply answers what is asked, not only what is mentioned", () => {
  const FAMILY = [
    chunk("I have a grey cat named Kapral who hates the pigeons. My dog Rex is seven years old.", "Pets", 0),
    chunk("My wife Halina loved the sea. My sister Ewa is a dentist in Wrocław.", "Family", 1),
    chunk("For thirty-one years I drove trams in Kraków.", "Work", 2),
  ];
  const reply = (question: string) => respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: FAMILY, question }));

  it("declines 'how old' when the note gives no age, and answers it when it does", () => {
    expect(reply("How old is your cat?").status).toBe("unanswered");
    const dog = reply("How old is your dog?");
    expect(dog.status).toBe("answered");
    expect(dog.text).toContain("seven years old");
  });

  it("declines 'when' without a time, and answers it with one", () => {
    const notes = [chunk("My husband Rhys is a chemistry teacher. I moved to Hobart in 2009.", "Family", 0)];
    const ask = (question: string) => respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: notes, question }));
    expect(ask("When did you get married?").status).toBe("unanswered");
    expect(ask("When did you move to Hobart?").text).toContain("2009");
  });

  it("reads an informal family word as someone ('your mum')", () => {
    const notes = [chunk("My mum Joan still lives in Broken Hill. I work as a vet.", "Family", 0)];
    const r = respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: notes, question: "What does your mum do for a living?" }));
    expect(r.status).toBe("unanswered");
  });

  it("answers a question about someone else only with what the notes say of them", () => {
    expect(reply("What did Halina do for work?").status).toBe("unanswered");
    // "your wife" is asked as the partner topic; still a question about her, not about my trams.
    expect(reply("What does your wife do for work?").status).toBe("unanswered");
    const ewa = reply("What does your sister do for a living?");
    expect(ewa.status).toBe("answered");
    expect(ewa.text).toContain("dentist");
  });
});

describe("issue #15: a question asked of the owner by name is the owner's", () => {
  it("answers 'What does Ana do?' from the owner's notes", () => {
    const r = respond(
      buildPersonaPrompt({
        profile: profile(),
        history: [],
        chunks: [chunk("I work as a data engineer at a bank.", "Work", 0)],
        question: "What does Ana do for a living?",
      }),
    );
    expect(r.status).toBe("answered");
    expect(r.text).toContain("data engineer");
  });
});

describe("issue #15: a friend's note about the owner is quoted in the owner's voice", () => {
  it("says 'I volunteer', not 'She volunteers'", () => {
    const note = { ...chunk("She volunteers at the children's cafeteria in Agata on Saturdays.", "", 0), title: "Ana, as I know her" };
    const r = respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: [note], question: "Do you do charity work?" }));
    expect(r.text).toContain("I volunteer at the children's cafeteria");
    expect(r.text).not.toMatch(/\bShe\b/);
  });
});

// Walk-through: "whats ur job" opened with "My younger brother Declan is a paramedic in Cork" (a trade, so the work
// topic) before the owner's own job.
describe("issue #15: what the owner is, not what someone in their notes is", () => {
  it("answers 'whats ur job' with the owner's job, not the brother's", () => {
    const notes = [
      chunk("My younger brother Declan is a paramedic in Cork. We talk every Sunday.", "Family", 0),
      chunk("I'm a landscape architect at Greenline Studio in Bristol.", "Work", 1),
    ];
    const r = respond(buildPersonaPrompt({ profile: profile({ verbosity: 50 }), history: [], chunks: notes, question: "whats ur job" }));
    expect(r.text).toContain("landscape architect");
    expect(r.text).not.toContain("paramedic");
  });

  it("answers about the partner when asked as 'your other half'", () => {
    const notes = [chunk("My husband Rhys is a chemistry teacher.", "Family", 0), chunk("I'm a landscape architect.", "Work", 1)];
    const r = respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: notes, question: "what does your other half do for work" }));
    expect(r.text).toContain("chemistry teacher");
  });

  it("still answers about the brother when asked about him", () => {
    const notes = [chunk("My younger brother Declan is a paramedic in Cork.", "Family", 0), chunk("I'm a landscape architect.", "Work", 1)];
    const r = respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: notes, question: "what does your brother do" }));
    expect(r.text).toContain("paramedic");
  });
});

// Held-out set 3: "ever been to Europe?" was answered with "Every January we take the caravan up the east coast": the
// trip, not Europe. A name the visitor writes is what they ask about.
describe("issue #15: a name in the question must be in the answer", () => {
  const notes = [chunk("Every January we take the caravan up the east coast to Freycinet. At home we speak Portuguese.", "Life", 0)];
  const ask = (question: string) => respond(buildPersonaPrompt({ profile: profile(), history: [], chunks: notes, question }));
  it("declines when the named place or language is not in the notes", () => {
    expect(ask("Have you ever been to Europe?").status).toBe("unanswered");
    expect(ask("Do you speak Spanish?").status).toBe("unanswered");
  });
  it("answers when it is", () => {
    expect(ask("Have you been to Freycinet?").text).toContain("Freycinet");
  });
});
