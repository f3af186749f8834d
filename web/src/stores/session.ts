import { createSignal } from "solid-js";

const KEY = "digital-self.session";

interface Stored {
  accessToken: string;
  refreshToken: string;
}

function load(): Stored | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
}

const [tokens, setTokensSignal] = createSignal<Stored | null>(load());

// Another tab signing in or out updates this one.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === KEY) setTokensSignal(load());
  });
}

/** sessionStorage keys holding what this tab kept for the signed-in person (chat's unsent questions): cleared with it. */
const tabKeys = new Set<string>();
export function forgetOnSignOut(key: string): string {
  tabKeys.add(key);
  return key;
}

export const session = {
  accessToken: () => tokens()?.accessToken ?? null,
  refreshToken: () => tokens()?.refreshToken ?? null,
  signedIn: () => tokens() !== null,
  /** Re-reads the stored tokens (another tab may have just written them); returns the refresh token. */
  reload(): string | null {
    setTokensSignal(load());
    return tokens()?.refreshToken ?? null;
  },
  setTokens(t: Stored) {
    const value = { accessToken: t.accessToken, refreshToken: t.refreshToken };
    localStorage.setItem(KEY, JSON.stringify(value));
    setTokensSignal(value);
  },
  clear() {
    localStorage.removeItem(KEY);
    for (const k of tabKeys) {
      try {
        sessionStorage.removeItem(k);
      } catch {
        /* storage unavailable: nothing was kept */
      }
    }
    setTokensSignal(null);
  },
};
