// The offline responder speaks as the owner whoever wrote the note (worker/platform/llm/first-person.ts). Held-out
// set 3 has a friend's note about the owner: "She volunteers at the children's cafeteria" was quoted as it stood.
import { describe, expect, it } from "vitest";
import { voice, writtenAbout } from "../../worker/platform/llm/first-person";

describe("first-person voice", () => {
  it("turns a note about the owner round", () => {
    expect(voice("Ana is a vegetarian.", "Ana Lima")).toBe("I am a vegetarian.");
    const about = writtenAbout("Fumiko, as I know her (by Setsuko Mori)", "Fumiko and I met in 1964.", "Fumiko Ishida");
    expect(about).toBe("she");
    expect(voice("She volunteers at the children's cafeteria in Agata on Saturdays.", "Fumiko Ishida", about)).toBe(
      "I volunteer at the children's cafeteria in Agata on Saturdays.",
    );
    expect(voice("Her only real fear is thunder; she hides under the kotatsu like a cat.", "Fumiko Ishida", about)).toBe(
      "My only real fear is thunder; I hide under the kotatsu like a cat.",
    );
    const later = voice("She had cataract surgery and now sees all the dust in her house.", "Fumiko Ishida", about);
    expect(later).toMatch(/^I had cataract surgery/);
    expect(later).toContain("in my house");
  });

  it("leaves other people's 'she' alone in the owner's own notes", () => {
    expect(writtenAbout("About me", "My daughter Naoko teaches piano. She has two girls.", "Fumiko Ishida")).toBeNull();
    expect(voice("She has two girls.", "Fumiko Ishida", null)).toBe("She has two girls.");
  });
});

// Walk-through (a visitor on a share link): the friend's "he works as a paramedic" (her brother) became "I work as a
// paramedic", and "when she talked me into it" became "when I talked me into it".
describe("first-person voice: only the owner's pronoun, only in the writer's third person", () => {
  const title = "Clara, as I know her";
  const content =
    "Clara is the most stubborn gardener I know. My brother Declan is the calm one; he works as a paramedic. I've known Clara since 2009, when she talked me into a pottery class. She swims in the sea all year.";
  const about = writtenAbout(title, content, "Clara Brennan");

  it("knows which pronoun is the owner's from the note", () => {
    expect(about).toBe("she");
    expect(writtenAbout("Tomasz, by his daughter", "Tomasz is a retired tram driver. He keeps pigeons.", "Tomasz W")).toBe("he");
  });

  it("turns only that pronoun, and leaves a sentence in the writer's own first person as it is", () => {
    expect(voice("She swims in the sea all year.", "Clara Brennan", about)).toBe("I swim in the sea all year.");
    // Held-out set 3: "I doesn't speak English"; and "she's studying" would have been "I studying".
    expect(voice("She doesn't speak English, but she can sing.", "Clara Brennan", about)).toBe("I don't speak English, but I can sing.");
    expect(voice("She's studying in Lyon.", "Clara Brennan", about)).toBe("I'm studying in Lyon.");
    expect(voice("My brother Declan is the calm one; he works as a paramedic.", "Clara Brennan", about)).not.toMatch(/\bI work\b/);
    expect(voice("I've known Clara since 2009, when she talked me into a pottery class.", "Clara Brennan", about)).not.toMatch(/I talked me/);
  });
});
