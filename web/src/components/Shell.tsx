import { For, Show, type ParentProps } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { session } from "../stores/session";
import { profileStore } from "../stores/profile";
import { themeStore } from "../stores/theme";
import { usersApi } from "../api/users";

const NAV = [
  { href: "/", label: "Dashboard", icon: "◧", end: true },
  { href: "/chat", label: "Chat", icon: "✉", end: false },
  { href: "/knowledge", label: "Knowledge", icon: "❖", end: false },
  { href: "/memories", label: "Memories", icon: "✎", end: false },
  { href: "/avatar", label: "Avatar", icon: "◉", end: false },
  { href: "/share", label: "Share", icon: "⇗", end: false },
  { href: "/audience", label: "Audience", icon: "☷", end: false },
  // On a phone the bottom bar keeps seven entries (their labels fit whole); Settings moves to the top bar.
  { href: "/settings", label: "Settings", icon: "⚙", end: false, phoneTop: true },
];

export async function signOut(navigate: (to: string, o?: { replace: boolean }) => void) {
  await usersApi.logout();
  session.clear();
  profileStore.clear();
  navigate("/login", { replace: true });
}

export function ThemeToggle() {
  const label = () => ({ system: "Theme: system", dark: "Theme: dark", light: "Theme: light" })[themeStore.theme()];
  return (
    <button class="icon-btn" onClick={() => themeStore.cycle()} aria-label={`${label()} (change)`} title={label()}>
      {themeStore.theme() === "dark" ? "☾" : themeStore.theme() === "light" ? "☀" : "◐"}
    </button>
  );
}

export function Shell(props: ParentProps) {
  const navigate = useNavigate();
  const initial = () => (profileStore.profile()?.name ?? "?").trim().charAt(0).toUpperCase();
  return (
    <div class="shell">
      {/* The URL fragment alone leaves focus on the link: move it into the page for real. */}
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          const main = document.getElementById("main");
          const h = main?.querySelector<HTMLElement>("h1");
          if (h && !h.hasAttribute("tabindex")) h.setAttribute("tabindex", "-1");
          (h ?? main)?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="mobile-top">
        <HomeLogo />
        <div class="row">
          <ThemeToggle />
          <A href="/settings" class="button icon-btn" aria-label="Settings">
            <span aria-hidden="true">⚙</span>
          </A>
          <button class="secondary small-btn" onClick={() => signOut(navigate)}>
            Sign out
          </button>
        </div>
      </header>
      <aside class="sidebar">
        <HomeLogo />
        <nav aria-label="Main">
          <ul>
            <For each={NAV}>
              {(n) => (
                <li classList={{ "hide-sm": !!n.phoneTop }}>
                  <A href={n.href} end={n.end} activeClass="active">
                    <span class="nav-icon" aria-hidden="true">
                      {n.icon}
                    </span>
                    <span class="nav-label">{n.label}</span>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <div class="sidebar-foot">
          <Show when={profileStore.profile()}>
            {(p) => (
              <div class="me">
                <span class="avatar-dot" aria-hidden="true">
                  {initial()}
                </span>
                <span class="me-name">{p().name}</span>
              </div>
            )}
          </Show>
          <div class="row">
            <ThemeToggle />
            <button class="secondary small-btn" onClick={() => signOut(navigate)}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main id="main" class="content" tabindex="-1">
        {props.children}
      </main>
    </div>
  );
}

/** The logo, linking home: at the top on small screens, in the sidebar otherwise. */
function HomeLogo() {
  return (
    <A href="/" class="logo" aria-label="Digital Self home">
      <span class="logo-mark" aria-hidden="true" />
      <span>Digital Self</span>
    </A>
  );
}
