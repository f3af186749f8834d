import { createEffect, on } from "solid-js";
import { useLocation } from "@solidjs/router";

const APP = "Digital Self";

/** One title per page, so tabs, history and screen readers can tell pages apart. */
export function titleFor(path: string): string {
  const page =
    path === "/"
      ? "Dashboard"
      : path.startsWith("/chat")
        ? "Chat"
        : path === "/knowledge"
          ? "Knowledge"
          : path === "/avatar"
            ? "Avatar"
            : path === "/share"
              ? "Share links"
              : path === "/settings"
                ? "Settings"
                : path === "/audience"
                  ? "Audience"
                  : path === "/onboarding"
                    ? "Set up your clone"
                    : path === "/login"
                      ? "Sign in"
                      : path === "/register"
                        ? "Create your account"
                        : path === "/account-deleted"
                          ? "Account deleted"
                          : path.startsWith("/share/")
                            ? "Chat with a clone"
                            : "Page not found";
  return `${page} · ${APP}`;
}

/** Waits (up to 5 s) for the new page's h1 — lazy pages render it after their code arrives. */
function focusHeading() {
  const until = Date.now() + 5000;
  const tick = () => {
    const h = document.querySelector<HTMLElement>("main h1, h1");
    if (h) {
      if (!h.hasAttribute("tabindex")) h.setAttribute("tabindex", "-1");
      h.focus({ preventScroll: true });
      return;
    }
    if (Date.now() < until) setTimeout(tick, 50);
  };
  setTimeout(tick, 0);
}

/**
 * After a client-side navigation focus would fall to <body>: move it to the new page's heading
 * (so a keyboard or screen-reader user starts there) and set the page's title. The first load
 * keeps the browser's own focus.
 */
export function useRouteFocus() {
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      (path, prev) => {
        document.title = titleFor(path);
        if (prev !== undefined) focusHeading();
      },
    ),
  );
}
