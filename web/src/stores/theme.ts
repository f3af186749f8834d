import { createSignal } from "solid-js";

export type Theme = "system" | "light" | "dark";
const KEY = "digital-self.theme";

const stored = (typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null) as Theme | null;
const [theme, setThemeSignal] = createSignal<Theme>(stored ?? "system");

function apply(t: Theme) {
  // "system" removes the attribute so the prefers-color-scheme media query decides.
  if (t === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", t);
}
if (typeof document !== "undefined") apply(theme());

export const themeStore = {
  theme,
  set(t: Theme) {
    localStorage.setItem(KEY, t);
    setThemeSignal(t);
    apply(t);
  },
  /** system → dark → light → system */
  cycle() {
    themeStore.set(theme() === "system" ? "dark" : theme() === "dark" ? "light" : "system");
  },
};
