/**
 * A cited note's label: its title, then the section's heading path without a heading that only repeats the title
 * ("About me › Family" for a note titled "About me" whose first heading is "# About me"; not "About me › About me › Family").
 */
export function citationLabel(title: string, heading?: string | null): string {
  const same = (a: string) => a.trim().toLowerCase() === title.trim().toLowerCase();
  const path = (heading ?? "")
    .split("›")
    .map((h) => h.trim())
    .filter((h) => h && !same(h));
  return [title, ...path].join(" › ");
}
