import { lazy, Show, type ParentProps } from "solid-js";
import { Router, Route, Navigate } from "@solidjs/router";
import { Toaster } from "solid-toast";
import { session } from "./stores/session";
import { Shell } from "./components/Shell";
import { AuthPage } from "./pages/AuthPage";

// Pages load on demand so the sign-in screen stays small.
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
        <Route path="/s/:token" component={PublicShare} />
        <Route path="/onboarding" component={() => <RequireAuth><Onboarding /></RequireAuth>} />
        <Route path="/" component={inShell(Dashboard)} />
        <Route path="/chat/:id?" component={inShell(Chat)} />
        <Route path="/knowledge" component={inShell(Knowledge)} />
        <Route path="/avatar" component={inShell(AvatarPage)} />
        <Route path="/share" component={inShell(Shares)} />
        <Route path="/settings" component={inShell(Settings)} />
        <Route path="*" component={() => <Navigate href="/" />} />
      </Router>
      <Toaster position="bottom-right" toastOptions={{ className: "toast" }} />
    </>
  );
}
