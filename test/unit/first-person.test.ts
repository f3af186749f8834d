// The offline responder speaks as the owner whoever wrote the note (worker/platform/llm/first-person.ts). Held-out
// set 3 has a friend's note about the owner: "She volunteers at the children's cafeteria" was quoted as it stood.
import { describe, expect, it } from "vitest";
import { voice, writtenAbout } from "../../worker/platform/llm/first-person";

describe("first-person voice", () => {
  it("turns a note about the owner round", () => {
    expect(voice("Ana is a vegetarian.", "Ana Lima")).toBe("I am a vegetarian.");
    const about = writtenAbout("Fumiko, as I know her (by Setsuko Mori)", "Fumiko and I met in 1964.", "Fumiko Ishida");
    expect(about).toBe(true);
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
    expect(writtenAbout("About me", "My daughter Naoko teaches piano. She has two girls.", "Fumiko Ishida")).toBe(false);
    expect(voice("She has two girls.", "Fumiko Ishida", false)).toBe("She has two girls.");
  });
});
