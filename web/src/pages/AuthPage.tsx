import { createSignal, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { client, unwrap, ApiError } from "../api/client";
import { session } from "../stores/session";

export function AuthPage(props: { mode: "login" | "register" }) {
  const navigate = useNavigate();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const isRegister = () => props.mode === "register";

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const result = isRegister()
        ? await unwrap(client.api.auth.register.$post({ json: { name: name(), email: email(), password: password() } }))
        : await unwrap(client.api.auth.login.$post({ json: { email: email(), password: password() } }));
      session.setTokens(result.tokens);
      navigate("/", { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not reach the server. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="auth">
      <h1 class="brand">Digital Self</h1>
      <p class="muted">Build an AI clone of yourself — your voice, your knowledge, your face.</p>
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
        </label>
        <Show when={error()}>
          <p class="error" role="alert">{error()}</p>
        </Show>
        <button type="submit" disabled={busy()}>{busy() ? "Please wait…" : isRegister() ? "Create account" : "Sign in"}</button>
        <p class="muted small">
          {isRegister() ? "Already have an account? " : "New here? "}
          <A href={isRegister() ? "/login" : "/register"}>{isRegister() ? "Sign in" : "Create an account"}</A>
        </p>
      </form>
    </main>
  );
}
