/**
 * Lone UTF-16 surrogates (a "\ud800" escape in JSON) cannot be stored as UTF-8: D1 would keep
 * them as replacement bytes and read back three U+FFFD. They are refused at the edge instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** The path (e.g. "title" or "items[2].name") of the first key or string that is not well-formed UTF-16, or null. */
export function findIllFormed(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isWellFormed(value) ? null : path || "(body)";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findIllFormed(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (!isWellFormed(k)) return here;
      const p = findIllFormed(v, here);
      if (p) return p;
    }
  }
  return null;
}
