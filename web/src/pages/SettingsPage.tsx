import { createSignal, onCleanup } from "solid-js";
import { useBeforeLeave, useNavigate } from "@solidjs/router";
import { profileStore } from "../stores/profile";
import { session } from "../stores/session";
import { usersApi, type Profile } from "../api/users";
import { PersonalitySliders } from "../components/PersonalitySliders";
import { createPasswordConfirm } from "../components/ConfirmDialog";
import { AsyncState, FormError, PageHeader } from "../components/ui";
import { notify, notifyError } from "../components/toast";
import { themeStore, type Theme } from "../stores/theme";
import { languageOptions } from "../lib/languages";

// Forms with edits not yet saved; leaving the page (in-app link or closing the tab) asks first.
const [dirty, setDirty] = createSignal(new Set<string>());
const mark = (form: string, on: boolean) =>
  setDirty((d) => {
    const n = new Set(d);
    if (on) n.add(form);
    else n.delete(form);
    return n;
  });

function useUnsavedGuard() {
  const warn = (e: BeforeUnloadEvent) => {
    if (dirty().size) e.preventDefault();
  };
  window.addEventListener("beforeunload", warn);
  onCleanup(() => {
    window.removeEventListener("beforeunload", warn);
    setDirty(new Set<string>());
  });
  useBeforeLeave((e) => {
    if (!dirty().size || e.defaultPrevented) return;
    e.preventDefault();
    if (window.confirm("You have unsaved changes in Settings. Leave without saving?")) {
      setDirty(new Set<string>());
      e.retry(true);
    }
  });
}

export default function SettingsPage() {
  useUnsavedGuard();
  return (
    <div class="page">
      <PageHeader title="Settings" subtitle="Your profile, your clone's personality and your data." />
      <AsyncState error={profileStore.profile.error} retry={profileStore.refetch} ready={profileStore.profile()}>
        {(p) => (
          <>
            <ProfileForm profile={p()} />
            <PersonalityForm profile={p()} />
          </>
        )}
      </AsyncState>
      <Appearance />
      <PasswordForm />
      <DataSection />
    </div>
  );
}

function ProfileForm(props: { profile: Profile }) {
  const [busy, setBusy] = createSignal(false);
  async function save(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const get = (k: string) => String(f.get(k) ?? "").trim();
    setBusy(true);
    try {
      await profileStore.save({
        name: get("name"),
        headline: get("headline"),
        bio: get("bio"),
        location: get("location"),
        website: get("website"),
        language: get("language") || "en",
      });
      mark("profile", false);
      notify("Profile saved");
    } catch (err) {
      notifyError(err, "Could not save your profile");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={save} onInput={() => mark("profile", true)} aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <div class="grid-2">
        <label>
          Name
          <input name="name" required maxLength={100} value={props.profile.name} />
        </label>
        <label>
          Headline
          <input name="headline" maxLength={200} value={props.profile.headline} />
        </label>
        <label>
          Location
          <input name="location" maxLength={200} value={props.profile.location} />
        </label>
        <label>
          Website
          <input name="website" type="url" maxLength={500} placeholder="https://" value={props.profile.website} />
        </label>
        <label>
          Language
          {/* A list by name: the API wants a language tag (en, pt-BR), which a person should not have to know. */}
          <select name="language" value={props.profile.language}>
            {languageOptions(props.profile.language).map((o) => (
              <option value={o.tag}>{o.label}</option>
            ))}
          </select>
        </label>
        <label>
          Email
          <input value={props.profile.email} disabled />
        </label>
      </div>
      <label>
        Bio
        <textarea name="bio" rows={5} maxLength={5000} value={props.profile.bio} />
      </label>
      <div>
        <button type="submit" disabled={busy()}>
          {busy() ? "Saving…" : "Save profile"}
        </button>
      </div>
    </form>
  );
}

function PersonalityForm(props: { profile: Profile }) {
  const [value, setValue] = createSignal({ ...props.profile.personality });
  const [busy, setBusy] = createSignal(false);
  async function save() {
    setBusy(true);
    try {
      await profileStore.save({ personality: value() });
      mark("personality", false);
      notify("Personality saved");
    } catch (err) {
      notifyError(err, "Could not save the personality");
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card" aria-labelledby="personality-title">
      <h2 id="personality-title">Personality</h2>
      <PersonalitySliders
        value={value()}
        onChange={(v) => {
          setValue(v);
          mark("personality", true);
        }}
        name={props.profile.name}
        headline={props.profile.headline}
        bio={props.profile.bio}
      />
      <div>
        <button onClick={save} disabled={busy()}>
          {busy() ? "Saving…" : "Save personality"}
        </button>
      </div>
    </section>
  );
}

function Appearance() {
  return (
    <section class="card" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <div class="segmented" role="radiogroup" aria-labelledby="appearance-title">
        {(["system", "light", "dark"] as Theme[]).map((t) => (
          <label classList={{ active: themeStore.theme() === t }}>
            <input type="radio" name="theme" class="visually-hidden" checked={themeStore.theme() === t} onChange={() => themeStore.set(t)} />
            {t[0]!.toUpperCase() + t.slice(1)}
          </label>
        ))}
      </div>
    </section>
  );
}

/** There is no email in this product, so the password is changed here, signed in, with the current one. */
function PasswordForm() {
  let form!: HTMLFormElement;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  async function save(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(form);
    const next = String(f.get("newPassword") ?? "");
    setError(null);
    if (next !== String(f.get("confirmPassword") ?? "")) {
      setError("The two new passwords do not match.");
      return;
    }
    setBusy(true);
    try {
      await usersApi.changePassword(String(f.get("currentPassword") ?? ""), next);
      form.reset();
      mark("password", false);
      notify("Password changed. Your other devices were signed out.");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not change your password");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form ref={form} class="card" onSubmit={save} onInput={() => mark("password", true)} aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <p class="muted small">Changing it signs you out everywhere else; this browser stays signed in.</p>
      <div class="grid-2">
        <label>
          Current password
          <input name="currentPassword" type="password" autocomplete="current-password" required maxLength={256} />
        </label>
        <label>
          New password
          <input name="newPassword" type="password" autocomplete="new-password" required minLength={8} maxLength={256} aria-describedby="password-rule" />
          <span id="password-rule" class="muted small">
            At least 8 characters.
          </span>
        </label>
        <label>
          Repeat the new password
          <input name="confirmPassword" type="password" autocomplete="new-password" required minLength={8} maxLength={256} />
        </label>
      </div>
      <FormError message={error()} />
      <div>
        <button type="submit" disabled={busy()}>
          {busy() ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}

function download(blob: Blob, name: string) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function DataSection() {
  const navigate = useNavigate();
  const confirm = createPasswordConfirm();
  const [exporting, setExporting] = createSignal<"zip" | "json" | null>(null);

  async function exportData(format: "zip" | "json") {
    setExporting(format);
    try {
      download(await usersApi.exportData(format), `digital-self-export-${new Date().toISOString().slice(0, 10)}.${format}`);
    } catch (err) {
      notifyError(err, "Could not export your data");
    } finally {
      setExporting(null);
    }
  }

  async function deleteAccount() {
    const deleted = await confirm.ask(
      "Delete your account?",
      "This permanently deletes your profile, knowledge, conversations, avatar, uploaded files and share links. Download an export first if you want a copy. Enter your password to confirm.",
      "Delete everything",
      (password) => usersApi.deleteAccount(password),
    );
    if (!deleted) return;
    setDirty(new Set<string>()); // nothing left to save: leaving must not ask
    session.clear();
    profileStore.clear();
    navigate("/account-deleted", { replace: true });
  }

  return (
    <section class="card" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <div class="row wrap between">
        <div>
          <strong>Export</strong>
          <p class="muted small">
            Everything you stored in one ZIP: your data as JSON plus every file you uploaded (notes, PDFs, avatar video or photo, reply videos).
          </p>
        </div>
        <div class="row wrap">
          <button class="secondary" onClick={() => exportData("json")} disabled={!!exporting()}>
            {exporting() === "json" ? "Preparing…" : "Data only (JSON)"}
          </button>
          <button class="secondary" onClick={() => exportData("zip")} disabled={!!exporting()}>
            {exporting() === "zip" ? "Preparing…" : "Download export (ZIP)"}
          </button>
        </div>
      </div>
      <div class="row wrap between danger-zone">
        <div>
          <strong>Delete account</strong>
          <p class="muted small">Removes your clone and all its data. This cannot be undone.</p>
        </div>
        <button class="danger" onClick={deleteAccount}>
          Delete account
        </button>
      </div>
      <confirm.Dialog />
    </section>
  );
}
