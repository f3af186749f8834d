import { Show, type ParentProps } from "solid-js";
import { Router, Route, Navigate, useParams } from "@solidjs/router";
import { Toaster } from "solid-toast";
import { session } from "./stores/session";
import { Shell } from "./components/Shell";
import { AuthPage } from "./pages/AuthPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { AccountDeletedPage } from "./pages/AccountDeletedPage";
import { lazyPage as lazy } from "./lib/lazy-page";
import { useRouteFocus } from "./lib/route-focus";

// Pages load on demand so the sign-in screen stays small (a chunk that fails shows a retry).
const Dashboard = lazy(() => import("./pages/DashboardPage"));
const Onboarding = lazy(() => import("./pages/onboarding/OnboardingPage"));
const Chat = lazy(() => import("./pages/ChatPage"));
const Knowledge = lazy(() => import("./pages/KnowledgePage"));
const Memories = lazy(() => import("./pages/MemoriesPage"));
const AvatarPage = lazy(() => import("./pages/AvatarPage"));
const Shares = lazy(() => import("./pages/SharesPage"));
const Settings = lazy(() => import("./pages/SettingsPage"));
const Audience = lazy(() => import("./pages/AudiencePage"));
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

/** Router root: every route shares the title + focus handling. */
function Root(props: ParentProps) {
  useRouteFocus();
  return <>{props.children}</>;
}

export function App() {
  return (
    <>
      <Router root={Root}>
        <Route path="/login" component={() => <AuthPage mode="login" />} />
        <Route path="/register" component={() => <AuthPage mode="register" />} />
        <Route path="/account-deleted" component={AccountDeletedPage} />
        {/* The one public share URL is the API's `url` (/share/<token>); the old /s/<token> form redirects. */}
        <Route path="/share/:token" component={PublicShare} />
        <Route path="/s/:token" component={() => <Navigate href={`/share/${encodeURIComponent(useParams().token!)}`} />} />
        <Route
          path="/onboarding"
          component={() => (
            <RequireAuth>
              <Onboarding />
            </RequireAuth>
          )}
        />
        <Route path="/" component={inShell(Dashboard)} />
        <Route path="/chat/:id?" component={inShell(Chat)} />
        <Route path="/knowledge" component={inShell(Knowledge)} />
        <Route path="/memories" component={inShell(Memories)} />
        <Route path="/avatar" component={inShell(AvatarPage)} />
        <Route path="/share" component={inShell(Shares)} />
        <Route path="/settings" component={inShell(Settings)} />
        <Route path="/audience" component={inShell(Audience)} />
        <Route path="*" component={NotFoundPage} />
      </Router>
      {/* On a phone the bottom bar and the Continue buttons live at the bottom: toasts go on top there. */}
      <Toaster
        position={typeof matchMedia !== "undefined" && matchMedia("(max-width: 760px)").matches ? "top-center" : "bottom-right"}
        toastOptions={{ className: "toast" }}
      />
    </>
  );
}
