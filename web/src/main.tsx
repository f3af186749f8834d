import { render } from "solid-js/web";
import { Router, Route, Navigate } from "@solidjs/router";
import type { ParentProps } from "solid-js";
import { Show } from "solid-js";
import { session } from "./stores/session";
import { AuthPage } from "./pages/AuthPage";
import { ProfilePage } from "./pages/ProfilePage";
import "./styles.css";

function RequireAuth(props: ParentProps) {
  return (
    <Show when={session.signedIn()} fallback={<Navigate href="/login" />}>
      {props.children}
    </Show>
  );
}

function Layout(props: ParentProps) {
  return <div class="app">{props.children}</div>;
}

render(
  () => (
    <Router root={Layout}>
      <Route path="/login" component={() => <AuthPage mode="login" />} />
      <Route path="/register" component={() => <AuthPage mode="register" />} />
      <Route path="/" component={() => (<RequireAuth><ProfilePage /></RequireAuth>)} />
      <Route path="*" component={() => <Navigate href="/" />} />
    </Router>
  ),
  document.getElementById("root")!,
);
