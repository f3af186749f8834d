// Issue #15, the relevance floor: the offline path declines below it, so it must let through the
// paraphrases a person would accept and stop the near misses. Each case failed on the lexical-hash-v2
// table and plain coverage (herb ↔ coriander scored 0; "Do you play chess?" against "playing the cello"
// scored exactly the floor).
import { describe, it, expect } from "vitest";
import { conceptsOf, lemmas } from "../../worker/shared/lexicon";
import { framing, matches, NEAR, profileOf, questionOf, relevance, RELEVANCE_FLOOR, RELEVANCE_WEIGHTS } from "../../worker/shared/relevance";
import { relatedness } from "../../worker/shared/word-vectors";

describe("relevance: paraphrases pass the floor", () => {
  const cases: [string, string][] = [
    ["Is there an herb you dislike?", "I cannot stand coriander, it tastes like soap to me."], // coriander → herb (hypernym)
    ["What are you afraid of?", "I am terrified of heights, so ladders are my least favourite part of carpentry."], // terrified ≈ afraid (adjective satellite)
    ["What did you craft for your mum?", "Last winter I made an oak rocking chair for my mother."], // mum: "informal terms for a mother"
  ];
  for (const [q, note] of cases) it(`${q} ← ${note}`, () => expect(relevance(q, note)).toBeGreaterThanOrEqual(RELEVANCE_FLOOR));

  it("links the words that carry the meaning, though not enough alone to pass", () => {
    const credit = (q: string, note: string, word: string) => {
      const question = questionOf(q);
      return matches(question, profileOf(note))[question.words.findIndex((w) => w.stem === word)];
    };
    expect(credit("Have you ever had a fracture?", "I broke my left wrist in 2019.", "fractur")).toBeGreaterThan(0); // fracture's first sense is {fracture, break}
    expect(credit("How old were you when your family relocated?", "We moved to Manchester when I was nine.", "reloc")).toBeGreaterThan(0); // relocate → move
    expect(credit("Did you ever injure yourself on a bicycle?", "I broke my wrist in a cycling accident.", "bicycl")).toBeGreaterThan(0); // cycle (derived) ↔ bicycle
    // lexical-hash-v5: "mum" is tagged in SemCor only as the adjective (silent); v4 had no noun sense for it at all.
    expect(credit("Where are your mum and dad based?", "My parents are still in Kochi.", "mum")).toBeGreaterThan(0);
    // WordNet files {ma, mom, mum, …} as a kind of mother; an informal word is the plain one, a synonym's credit.
    expect(credit("Where does your mum live?", "My mother lives in Leeds.", "mum")).toBe(RELEVANCE_WEIGHTS.strong);
    expect(credit("Is your dad retired?", "My father retired from the railway.", "dad")).toBe(RELEVANCE_WEIGHTS.strong);
    expect(credit("What is your favourite football team?", "My favourite movie, which I have watched eleven times.", "football_team")).toBe(0); // not "eleven" the team
  });

  it("a year written as a number answers the question's 'year'; other numbers do not", () => {
    const year = (note: string) => matches(questionOf("What year did you graduate?"), profileOf(note))[0];
    expect(year("I qualified from the Royal (Dick) School of Veterinary Studies in 2011.")).toBe(1);
    expect(year("I swim forty lengths, 1500 metres, before every shift.")).toBeLessThan(1);
    expect(year("We rent a cottage on the Isle of Skye for a week.")).toBeLessThan(1); // a week is only another time period
  });
});

describe("relevance: the predicate alone does not answer", () => {
  const cases: [string, string][] = [
    ["Do you have a cat?", "I am a man who loves long walks."], // "cat" is an informal "man" only in a sense nobody tagged
    ["Do you play chess?", "Outside the lab my hobbies are sailing and playing the cello."],
    ["Do you play video games?", "My younger brother Femi plays bass in a jazz band."],
  ];
  for (const [q, note] of cases) it(`${q} ✗ ${note}`, () => expect(relevance(q, note)).toBeLessThan(RELEVANCE_FLOOR));

  it("reads a word as a thing or an action from the word before it", () => {
    const verb = (q: string, stem: string) => questionOf(q).words.find((w) => w.stem === stem)?.verb;
    expect(verb("Have you ever had a fracture?", "fractur")).toBe(false); // "a fracture"
    expect(verb("Do you play chess?", "plai")).toBe(true); // "you play"
    expect(verb("What is your favourite herb?", "herb")).toBe(false);
  });
});

describe("lemmas", () => {
  it("gives a participle WordNet lists as an adjective its verb too", () => {
    expect(lemmas("relocated")).toEqual(expect.arrayContaining(["relocated", "relocate"]));
    expect(lemmas("terrified")).toContain("terrify");
    expect(lemmas("ever")).not.toContain("ev"); // no two-letter stems
    expect(lemmas("ever")).toEqual([]); // an adverb WordNet knows only as one is not "eve" + "r"
    expect(lemmas("often")).toEqual([]);
  });
});

// lexical-hash-v4: each concept's parents are stored once and walked, so the whole hypernym chain counts
// (up to over-general ancestors). All three scored 0 on the v3 table, which stopped 3 levels up and left breeds out.
describe("relevance: a general noun in the question finds its specific kind in a note", () => {
  const cases: [string, string][] = [
    ["Do you own a vehicle?", "I ride an old motorcycle."], // motorcycle → motor vehicle → self-propelled → wheeled → vehicle
    ["Which tool do you use most?", "I use a hammer every day."], // hammer → hand tool → tool
    ["Do you have a dog?", "We adopted a greyhound from a rescue centre."], // greyhound → hound → hunting dog → dog
  ];
  for (const [q, note] of cases) it(`${q} ← ${note}`, () => expect(relevance(q, note)).toBeGreaterThanOrEqual(RELEVANCE_FLOOR));

  it("walks past the near levels but stops below over-general ancestors", () => {
    const own = (word: string) => conceptsOf(word).find((c) => c.strong)!.id;
    const motorcycle = conceptsOf("motorcycle");
    expect(motorcycle.map((c) => c.id)).toContain(own("vehicle"));
    expect(Math.max(...motorcycle.map((c) => c.depth))).toBeGreaterThan(NEAR); // conveyance, 5 levels up
    expect(motorcycle.map((c) => c.id)).not.toContain(own("artifact")); // 12,000 synsets below it
    expect(motorcycle.map((c) => c.id)).not.toContain(own("object"));
  });

  it("reads the senses the word before it names: a dog is not a trail", () => {
    // "a dog" is the animal; "to dog" (to trail someone) shares a synset with "trail". v3 scored this 0.9.
    expect(relevance("Do you own a dog?", "Next autumn I want to walk the Kumano Kodo pilgrimage trail.")).toBeLessThan(RELEVANCE_FLOOR);
  });

  it("treats a derived form as the same idea: a fracture is broken", () => {
    // fracture (noun) ↔ fracture, break (verb): v3 counted it as a weak link, 0.38 in all.
    expect(relevance("Have you ever had a fracture?", "I broke my left wrist in 2019.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
  });
});

// A phrasal verb means the phrase: its particle is a stopword, so before phrasalVerbs() "grow up" was
// "grow", and "Where did you grow up?" was answered by "I grew tomatoes" (1.00) or "I build web apps"
// (build shares a sense of grow: 0.70) instead of an honest "I haven't shared that".
// Walk-through (a visitor on the held-out owner's share link): "Where did you grow up?" was declined, though her notes
// say "I was brought up on a dairy farm outside Mallow". WordNet keeps rearing, growing up and childhood apart.
describe("relevance: being raised is growing up", () => {
  it("answers where I grew up with where I was raised or brought up, and with my childhood", () => {
    expect(relevance("Where did you grow up?", "I was brought up on a dairy farm outside Mallow.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("Where did you grow up?", "I was raised in Kochi, in the south of India.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("Where did you grow up?", "I spent my childhood in Porto.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("Where did you spend your childhood?", "I was brought up on a dairy farm outside Mallow.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("Where were you brought up?", "I grew up in Lisbon.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
  });
  it("not with raising or bringing up someone else", () => {
    expect(relevance("Where did you grow up?", "I bring up my twins alone in Cork.")).toBeLessThan(RELEVANCE_FLOOR);
    expect(relevance("Where did you grow up?", "We raised three children in Leeds.")).toBeLessThan(RELEVANCE_FLOOR);
  });
});

describe("relevance: a phrasal verb is one meaning", () => {
  it("answers 'grow up' with where I grew up, not with what I grow or build", () => {
    expect(relevance("Where did you grow up?", "I grew up in Porto, near the river.")).toBe(1);
    expect(relevance("Where did you grow up?", "I grew tomatoes on my balcony last summer.")).toBeLessThan(RELEVANCE_FLOOR);
    expect(relevance("Where did you grow up?", "I build web apps for small charities.")).toBeLessThan(RELEVANCE_FLOOR);
  });
  it("does not read 'I grew up in Porto' as growing something", () => {
    expect(relevance("What do you grow?", "I grew up in Porto.")).toBeLessThan(relevance("What do you grow?", "I grew tomatoes last summer."));
  });
  it("keeps a verb with a preposition a verb ('came to Scotland' is not 'come to', regaining consciousness)", () => {
    expect(relevance("When did you come to Scotland?", "I came to Scotland at twenty-two.")).toBe(1);
  });
});

// Word vectors (worker/shared/word-vectors.ts): a topic word WordNet does not link to the note's word may still be
// what that word is used with. Each "passes" case scored 0 for the topic word before (WordNet has no link).
describe("relevance: related nouns by word vectors", () => {
  const topicCredit = (q: string, note: string, stem: string) => {
    const question = questionOf(q);
    return matches(question, profileOf(note))[question.words.findIndex((w) => w.stem === stem)];
  };
  it("passes a category answered by its members", () => {
    const note = "Most days I treat cats and dogs, but on Thursdays I visit farms to look after sheep and cattle.";
    expect(relevance("What livestock do you care for?", note)).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(topicCredit("Which pets do you have?", note, "pet")).toBeGreaterThan(0.5);
    expect(topicCredit("What kind of boat sport do you enjoy?", "Outside the lab my hobbies are sailing and playing the cello.", "boat")).toBeGreaterThan(0.5);
  });
  // Held-out walk-through: "Do you have any pets?" missed "with my cat Miso" (0.24): WordNet makes pet and cat cousins
  // through cat's third sense ("guy"), and that link hid their relatedness (0.68); PhD / doctorate (0.89 related) got
  // only the "up" link's 0.64, as doctorate was also a cousin three levels up.
  it("a sibling link only through a later sense, or beside a closer link, does not hide relatedness", () => {
    expect(relevance("Do you have any pets?", "I live in a flat in Lyon with my cat Miso.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(topicCredit("When did you get your PhD?", "I finished my doctorate in 2016.", "phd")).toBeCloseTo(relatedness("phd", "doctorate"), 5);
  });
  it("does not credit another thing of the same kind (WordNet siblings), nor a verb or adjective", () => {
    expect(relevance("Do you own a motorbike?", "My car is an old electric hatchback.")).toBeLessThan(RELEVANCE_FLOOR); // both motor vehicles
    expect(topicCredit("Do you own a motorbike?", "My car is an old electric hatchback.", "motorbik")).toBeLessThan(0.5);
    expect(relevance("Are you married?", "My mother still runs a noodle shop there.")).toBeLessThan(RELEVANCE_FLOOR); // "married" is no topic noun
    expect(relevance("What is your favourite football team?", "Outside the lab my hobbies are sailing and playing the cello.")).toBeLessThan(RELEVANCE_FLOOR);
  });
  // Walk-through: "Do you have any pets?" was answered "My favourite food is ramen. I play the cello every Sunday." WordNet
  // has {darling, favorite, favourite, pet} (a special loved one), so any note's "favourite" covered "pets" at 0.9.
  it("does not take a note's framing word ('favourite', 'best', 'called') for a topic", () => {
    expect(relevance("Do you have any pets?", "My favourite food is ramen.")).toBeLessThan(RELEVANCE_FLOOR);
    expect(topicCredit("Do you have any pets?", "My favourite food is ramen.", "pet")).toBe(0);
    expect(relevance("Do you have any pets?", "I have two dogs and a cat.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("Who is your darling?", "My favourite food is ramen.")).toBeLessThan(RELEVANCE_FLOOR);
  });
  it("does not take a club for a football team", () => {
    // "club" is close to "football" (0.77) and "team" (0.70), but WordNet links team and club (both organisations), so
    // relatedness does not second-guess it, and a note word lends itself to one question word at most.
    const note = "On Sunday mornings I play badminton at a club in Meadowbank.";
    expect(relevance("What is your favourite football team?", note)).toBeLessThan(RELEVANCE_FLOOR);
  });
});

describe("relevance: the noun a which/what question asks for finds its kind at any height", () => {
  const credit = (q: string, note: string, word: string) => {
    const question = questionOf(q);
    return matches(question, profileOf(note))[question.words.findIndex((w) => w.stem === word)]!;
  };
  it("answers 'Which language …?' with a language six levels below it", () => {
    // Spanish → Romance → Latin → Italic → Indo-European → natural language → language: past the links the plain walk
    // takes ("language" itself is in no word's concepts, its gloss names it for 760 words).
    expect(relevance("Which language are you studying?", "I started taking Spanish lessons in January.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(credit("Which languages do you speak?", "At home we speak Portuguese.", "languag")).toBeGreaterThan(0.5);
    // Only from a first sense: "graduated" is a kind of instrument only as the rarer noun (a measuring glass).
    expect(credit("What instrument do you play?", "I graduated in 2012.", "instrument")).toBeLessThan(0.5);
  });
  it("takes only the noun asked for, and only what is a kind of it", () => {
    expect(credit("Which language are you studying?", "I started taking cello lessons in January.", "languag")).toBe(0);
    // "language" not asked for (no which/what before it): no link past the plain walk.
    expect(credit("Do you study a language?", "I started taking Spanish lessons in January.", "languag")).toBe(0);
    // After "what kind of", the last noun before the verb is the one asked for.
    expect(questionOf("What kind of boat sport do you enjoy?").words.find((w) => w.headSenses)?.stem).toBe("sport");
    expect(questionOf("What did you major in?").words.some((w) => w.headSenses)).toBe(false);
  });
});

// Held-out set 3: "any pets at home?" missed "My cat sleeps in the noodle drawer": "home" stood as half the topic.
describe("relevance: framing phrases", () => {
  it("reads 'at home', 'of all time' as framing the question, not as its topic", () => {
    expect(relevance("Any pets at home?", "My cat sleeps in the old noodle drawer.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("What's your favourite book of all time?", "My favourite novel is Middlemarch.")).toBeGreaterThan(
      relevance("What's your favourite book of all the ages?", "My favourite novel is Middlemarch."),
    );
    expect(relevance("Where is your home?", "I live in a flat in Hobart.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
  });
});

describe("relevance: framing words", () => {
  it("reads 'called' and 'named' as framing as written, though their lemmas (call, name) are matched", () => {
    const framed = (q: string) =>
      questionOf(q)
        .words.filter(framing)
        .map((w) => w.stem);
    expect(framed("What is your cat called?")).toEqual(["call"]);
    expect(framed("What is your daughter named?")).toEqual(["name"]);
    // Not every form of the verb: here calling is the topic.
    expect(framed("Do you call your mother often?")).toEqual(["often"]);
  });
});

// Held-out owners written blind (bench/data/knowledge-holdout2.json) missed the questions visitors ask most: "for a
// living" read as "live", "originally" as "origin", and nothing joined "hobby" to "every Sunday I play chess".
describe("relevance: what visitors ask most (visitor-topics.ts)", () => {
  const answers: [string, string][] = [
    ["Where are you from?", "I was born in Gdańsk and moved to Oslo when I was ten."],
    ["Which city are you originally from?", "I grew up in Ghent, above my parents' shop."],
    ["What's your hometown?", "I was raised in a village near Tartu."],
    ["What do you do for a living?", "I work as a nurse on a children's ward."],
    ["What's your job?", "I'm a carpenter in Bergen."],
    ["What was your career?", "I retired in 2020 after thirty years at the post office."],
    ["What do you do?", "I run a small bakery in Porto with my brother."],
    ["What do you do for a living?", "Work\nFor twenty years I drove buses in Leeds."],
    ["What are your hobbies?", "On weekends I go sea kayaking with my brother."],
    ["What do you do in your spare time?", "Most evenings I play the piano badly."],
    ["What are your plans?", "Next spring I want to walk the Camino."],
    ["Anything planned for the future?", "I hope to open my own studio by 2028."],
    ["Are you seeing anyone?", "I live with my boyfriend Tomás in a flat by the river."],
    ["What's your job?", "I run Spoke & Sprocket, a mobile bike-repair van."],
    ["Is there a food you dislike?", "I can't stand olives."],
    ["Anything you hate?", "Honestly, I loathe small talk at parties."],
    ["Any foods you avoid?", "I never eat mushrooms."],
    ["How old are you?", "Born 1988 in Valparaíso."],
    ["What's your age?", "I turned 34 last spring."],
    ["Which college did you attend?", "BSc Chemistry, Universidad de Chile, 2010."],
    ["Where did you study?", "I graduated from a nursing school in Manila in 2001."],
    ["How many brothers and sisters do you have?", "I was the third of seven children."],
    ["Do you have siblings?", "My older brother Marek lives in Gdynia."],
    ["What are you afraid of?", "Honestly, I'm terrified of deep water."],
    ["Anything that frightens you?", "Her only real fear is thunder."],
    ["Do you do charity work?", "I volunteer at a soup kitchen on Sundays."],
    ["Any health issues?", "I had knee surgery in 2019 and still limp a little."],
    ["So what comes next, long term?", "Next year I want to start a master's degree in Lyon."],
    ["What does your other half do?", "My husband Rhys is a chemistry teacher."],
    ["Who do you work for?", "Volcano monitoring technician at OVDAS since 2023."],
    ["Did you ever run a business?", "In 1971 my husband and I opened a soba restaurant."],
    ["Anything you regret?", "I wish I had learned the accordion from my grandfather."],
    ["What do you wish you could undo?", "I should never have sold my father's boat."],
    ["What are you most proud of?", "My proudest moment was pulling two kayakers out of the sea in 2014."],
    ["Biggest achievement so far?", "I passed my licence exam on the first attempt."],
    ["Have you ever been abroad?", "In 1988 we took a bus all the way to San Antonio, Texas."],
    ["What scares you?", "Honestly, I am afraid of earthquakes."],
    ["Where do you see yourself in 5 years?", "I want to get my tower rating by 2027."],
    ["What does your other half do for work?", "My husband Rhys is a high school chemistry teacher."],
    ["What does your mother do?", "My mum Carolina runs a bakery in Temuco."],
    ["What does Thandi do?", "I share a flat with my girlfriend Thandi, a sound engineer."],
  ];
  for (const [q, note] of answers) it(`${q} ← ${note.replace("\n", " / ")}`, () => expect(relevance(q, note)).toBeGreaterThanOrEqual(RELEVANCE_FLOOR));

  const not: [string, string][] = [
    ["What do you do for a living?", "I keep bees in the garden."],
    ["What are your hobbies?", "I was born in Gdańsk."],
    ["Where are you from?", "I work as a nurse in Oslo."],
    ["Are you seeing anyone?", "I see my sister every Sunday."],
    ["What are your plans?", "I was born in 1961."],
    ["What's your job?", "We adopted a retired racing greyhound from a shelter."],
    ["Is there a food you dislike?", "I love olives and good bread."],
    ["How old are you?", "My dog is seven."],
    ["Where did you study?", "My kids started school in September."],
    ["Do you have siblings?", "We have two children, Ana and Rui."],
    ["Do you do charity work?", "I work as a nurse."],
    ["What's your job?", "I studied veterinary science at the University of Melbourne."],
    ["What do you do for a living?", "I am doing a part-time master's degree in climate science."],
  ];
  for (const [q, note] of not) it(`${q} ✗ ${note}`, () => expect(relevance(q, note)).toBeLessThan(RELEVANCE_FLOOR));

  it("reads 'how long' as asking for a length of time, not about something long", () => {
    expect(relevance("How long have you lived in Leeds?", "I moved to Leeds in 2009.")).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(relevance("Do you have long hair?", "I have a grey cat.")).toBeLessThan(RELEVANCE_FLOOR);
  });
});
