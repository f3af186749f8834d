export interface PersonalityValues {
  formality: number;
  enthusiasm: number;
  verbosity: number;
  humor: number;
}

export const PERSONALITY_SLIDERS = [
  { key: "formality", label: "Formality", low: "Casual", high: "Formal" },
  { key: "enthusiasm", label: "Enthusiasm", low: "Reserved", high: "Enthusiastic" },
  { key: "verbosity", label: "Verbosity", low: "Brief", high: "Elaborate" },
  { key: "humor", label: "Humor", low: "Serious", high: "Playful" },
] as const;

const band = (v: number) => (v < 34 ? 0 : v < 67 ? 1 : 2);

/**
 * A sample of how the clone would answer "What do you do?", built from the four sliders so the
 * onboarding preview changes as they move, about the person's own headline when they gave one
 * (a generic maker otherwise). Pure: same values, same sentence.
 */
export function personalityPreview(p: PersonalityValues, name = "I", headline = ""): string {
  const me = name === "I" || !name.trim() ? "I" : name.trim().split(/\s+/)[0]!;
  const greeting = [
    ["Hey!", "Hi there.", "Hello."],
    ["Hey!!", "Hi there!", "Hello!"],
    ["Hey!!! 🎉", "Hi there — great to meet you!", "Hello, and welcome!"],
  ][band(p.enthusiasm)]![band(p.formality)]!;
  const role = headline.trim().replace(/[.\s]+$/, "");
  // A headline ("Product designer in Lisbon") follows a dash, where it needs no article.
  const intro = role
    ? me === "I"
      ? "In short:"
      : band(p.formality) === 2
        ? `My name is ${me} —`
        : `${me} here —`
    : band(p.formality) === 2
      ? me === "I"
        ? "I am"
        : `My name is ${me}, and I am`
      : me === "I"
        ? "I'm"
        : `${me} here —`;
  const work = role
    ? role.charAt(0).toLowerCase() + role.slice(1)
    : band(p.formality) === 0
      ? "building stuff people actually use"
      : band(p.formality) === 1
        ? "building products people enjoy"
        : "designing and delivering software products";
  const detail = (
    role
      ? [
          "",
          " Happy to talk about my work and what I am exploring.",
          " Happy to talk about my work, what I am exploring right now, and the reasoning behind the choices I make along the way.",
        ]
      : [
          "",
          " Mostly on the web, with a focus on making things fast and simple.",
          " Mostly on the web, where I care about performance, accessibility and clear design, and I enjoy explaining the trade-offs behind each decision.",
        ]
  )[band(p.verbosity)]!;
  const joke = ["", band(p.verbosity) === 0 ? " Coffee helps." : " Coffee is a core dependency.", " Powered by coffee and questionable puns ☕."][
    band(p.humor)
  ]!;
  const excite = band(p.enthusiasm) === 2 ? " I love it!" : band(p.enthusiasm) === 1 ? " I enjoy it." : "";
  return `${greeting} ${intro} ${work}.${detail}${excite}${joke}`.replace(/\s+/g, " ").trim();
}
