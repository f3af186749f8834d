import { Show, type ParentProps } from "solid-js";
import { Router, Route, Navigate, useParams } from "@solidjs/router";
import { Toaster } from "solid-toast";
import { session } from "./stores/session";
import { Shell } from "./components/Shell";
import { AuthPage } from "./pages/AuthPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { lazyPage as lazy } from "./lib/lazy-page";

// Pages load on demand so the sign-in screen stays small (a chunk that fails shows a retry).
const Dashboard = lazy(() => import("./pages/DashboardPage"));
const Onboarding = lazy(() => import("./pages/onboarding/OnboardingPage"));
const Chat = lazy(() => import("./pages/ChatPage"));
const Knowledge = lazy(() => import("./pages/KnowledgePage"));
const AvatarPage = lazy(() => import("./pages/AvatarPage"));
const Shares = lazy(() => import("./pages/SharesPage"));
const Settings = lazy(() => import("./pages/SettingsPage"));
const PublicShare = lazy(() => import("./pages/PublicSharePage"));

/** Route guard: signed-out visitors go to sign-in, and come back after. */
function RequireAuth(props: ParentProps) {
  const back = () => encodeURIComponent(location.pathname + location.search);
  return (
    <Show when={session.signedIn()} fallback={<Navigate href={`/login?next=${back()}`} />}>
      {props.children}
    </Show>
  );
}

const inShell = (C: () => any) => () => (
  <RequireAuth>
    <Shell>
      <C />
    </Shell>
  </RequireAuth>
);

export function App() {
  return (
    <>
      <Router>
        <Route path="/login" component={() => <AuthPage mode="login" />} />
        <Route path="/register" component={() => <AuthPage mode="register" />} />
        {/* The one public share URL is the API's `url` (/share/<token>); the old /s/<token> form redirects. */}
        <Route path="/share/:token" component={PublicShare} />
        <Route path="/s/:token" component={() => <Navigate href={`/share/${encodeURIComponent(useParams().token!)}`} />} />
        <Route path="/onboarding" component={() => <RequireAuth><Onboarding /></RequireAuth>} />
        <Route path="/" component={inShell(Dashboard)} />
        <Route path="/chat/:id?" component={inShell(Chat)} />
        <Route path="/knowledge" component={inShell(Knowledge)} />
        <Route path="/avatar" component={inShell(AvatarPage)} />
        <Route path="/share" component={inShell(Shares)} />
        <Route path="/settings" component={inShell(Settings)} />
        <Route path="*" component={NotFoundPage} />
      </Router>
      <Toaster position="bottom-right" toastOptions={{ className: "toast" }} />
    </>
  );
}
