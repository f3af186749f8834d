import type { Component } from "solid-js";
import { render } from "@solidjs/testing-library";
import { MemoryRouter, Route, createMemoryHistory } from "@solidjs/router";

/** Renders `routes` (path pattern → page) in a memory router opened at `url`; returns its history. */
export function renderAt(url: string, routes: Record<string, Component>) {
  const history = createMemoryHistory();
  history.set({ value: url });
  render(() => (
    <MemoryRouter history={history}>
      {Object.entries(routes).map(([path, page]) => (
        <Route path={path} component={page} />
      ))}
    </MemoryRouter>
  ));
  return history;
}
