import { createSignal, onMount, Show } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { client, unwrap, ApiError } from "../api/client";
import { usersApi } from "../api/users";
import { session } from "../stores/session";
import { profileStore } from "../stores/profile";
import { ThemeToggle } from "../components/Shell";
import { LogoBar } from "../components/PageFrame";
import { FormError } from "../components/ui";

export function AuthPage(props: { mode: "login" | "register" }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const isRegister = () => props.mode === "register";
  // Only same-site paths, so ?next= cannot send someone to another origin.
  const next = () => {
    const n = typeof params.next === "string" ? params.next : "";
    return n.startsWith("/") && !n.startsWith("//") ? n : "/";
  };

  onMount(() => {
    if (session.signedIn()) navigate(next(), { replace: true });
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const result = isRegister()
        ? await unwrap(client.api.auth.register.$post({ json: { name: name(), email: email(), password: password() } }))
        : // The route also takes the OAuth2 form (seed clients, Swagger); hc types the two bodies as both required.
          await unwrap(client.api.auth.login.$post({ json: { email: email(), password: password() } } as Parameters<typeof client.api.auth.login.$post>[0]));
      session.setTokens(result.tokens);
      // Unfinished onboarding resumes where it stopped (the step is stored server-side).
      const profile = isRegister() ? null : await usersApi.profile().catch(() => null);
      await profileStore.refetch();
      navigate(isRegister() || (profile && !profile.onboarding.completed) ? "/onboarding" : next(), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not reach the server. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="auth">
      <LogoBar>
        <ThemeToggle />
      </LogoBar>
      <section class="auth-hero">
        <h1>{isRegister() ? "Create your digital self" : "Welcome back"}</h1>
        <p class="muted">An AI clone with your voice, your knowledge and your face — that people can chat with.</p>
      </section>
      <form class="card" onSubmit={submit} aria-labelledby="auth-title">
        <h2 id="auth-title">{isRegister() ? "Create your account" : "Sign in"}</h2>
        <Show when={isRegister()}>
          <label>
            Name
            <input name="name" autocomplete="name" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
        </Show>
        <label>
          Email
          <input name="email" type="email" autocomplete="email" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete={isRegister() ? "new-password" : "current-password"}
            required
            minLength={isRegister() ? 8 : 1}
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <Show when={isRegister()}>
            <span class="muted small">At least 8 characters.</span>
          </Show>
        </label>
        <FormError message={error()} />
        <button type="submit" disabled={busy()}>
          {busy() ? "Please wait…" : isRegister() ? "Create account" : "Sign in"}
        </button>
        <Show when={!isRegister()}>
          <ForgotPassword />
        </Show>
        <p class="muted small center">
          {isRegister() ? "Already have an account? " : "New here? "}
          <A href={isRegister() ? "/login" : "/register"}>{isRegister() ? "Sign in" : "Create an account"}</A>
        </p>
      </form>
    </main>
  );
}

/** What exists, said plainly: this product sends no email, so there is no reset link to promise. */
function ForgotPassword() {
  return (
    <details class="forgot small">
      <summary>Forgot password?</summary>
      <div class="stack-tight">
        <p>Digital Self sends no email, so there is no reset link.</p>
        <p>
          If you are still signed in somewhere else (another browser or device), change your password there under <strong>Settings → Password</strong>.
        </p>
        <p>
          Otherwise ask whoever runs this server: they can set a new password with <code>npm run user:reset-password -- your@email</code>, which also signs you
          out everywhere. Then change it in Settings.
        </p>
      </div>
    </details>
  );
}
