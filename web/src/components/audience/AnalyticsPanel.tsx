import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { audienceApi } from "../../api/audience";
import type { Analytics } from "../../api/contract";
import { percent } from "../../lib/format";
import { AsyncState } from "../ui";

type Day = Analytics["daily"][number];
// Each series has a colour (CSS custom property, themed for light and dark) and a dash pattern, so
// they stay apart without colour too.
const SERIES: { key: keyof Omit<Day, "day">; label: string; color: string; dash: string }[] = [
  { key: "ownConversations", label: "Your conversations", color: "var(--chart-1)", dash: "" },
  { key: "visitorConversations", label: "Visitor conversations", color: "var(--chart-2)", dash: "6 3" },
  { key: "ownQuestions", label: "Your questions", color: "var(--chart-3)", dash: "2 3" },
  { key: "visitorQuestions", label: "Visitor questions", color: "var(--chart-4)", dash: "8 3 2 3" },
];
const W = 600;
const H = 180;
const PAD = { l: 28, r: 8, t: 8, b: 22 };

/** A 30-day line chart drawn as SVG; the same numbers are in the table below it. */
function DailyChart(props: { daily: Day[] }) {
  const max = () => Math.max(1, ...props.daily.flatMap((d) => SERIES.map((s) => d[s.key])));
  const x = (i: number) => PAD.l + (i * (W - PAD.l - PAD.r)) / Math.max(1, props.daily.length - 1);
  const y = (v: number) => H - PAD.b - (v / max()) * (H - PAD.t - PAD.b);
  const path = (key: Day extends infer D ? keyof Omit<D, "day"> : never) =>
    props.daily.map((d, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(d[key]).toFixed(1)}`).join(" ");
  const total = (key: keyof Omit<Day, "day">) => props.daily.reduce((n, d) => n + d[key], 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Last ${props.daily.length} days: ${SERIES.map((s) => `${s.label.toLowerCase()} ${total(s.key)}`).join(", ")}. The table below lists each day.`}
      >
        <line x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} class="axis" />
        <line x1={PAD.l} x2={W - PAD.r} y1={y(max())} y2={y(max())} class="grid" />
        <text x={PAD.l - 4} y={y(max()) + 4} class="tick" text-anchor="end">
          {max()}
        </text>
        <text x={PAD.l - 4} y={y(0) + 4} class="tick" text-anchor="end">
          0
        </text>
        <text x={PAD.l} y={H - 4} class="tick">
          {props.daily[0]?.day.slice(5)}
        </text>
        <text x={W - PAD.r} y={H - 4} class="tick" text-anchor="end">
          {props.daily.at(-1)?.day.slice(5)}
        </text>
        <For each={SERIES}>
          {(s) => <path d={path(s.key)} fill="none" stroke={s.color} stroke-width="2" stroke-dasharray={s.dash} stroke-linejoin="round" />}
        </For>
      </svg>
      <figcaption>
        <ul class="legend">
          <For each={SERIES}>
            {(s) => (
              <li>
                <svg width="26" height="10" aria-hidden="true">
                  <line x1="0" x2="26" y1="5" y2="5" stroke={s.color} stroke-width="2" stroke-dasharray={s.dash} />
                </svg>
                {s.label} ({total(s.key)})
              </li>
            )}
          </For>
        </ul>
      </figcaption>
    </figure>
  );
}

/** The dashboard's numbers: activity per day, visitors per link, unanswered share, top topics. */
export function AnalyticsPanel() {
  const [data, { refetch }] = createResource(() => audienceApi.analytics());
  return (
    <section class="card stack" aria-labelledby="analytics-title" data-testid="analytics">
      <h2 id="analytics-title">Activity, last 30 days</h2>
      <AsyncState error={data.error} retry={refetch} ready={data()} loadingLabel="Loading analytics">
        {(a) => (
          <>
            <DailyChart daily={a().daily} />
            <details>
              <summary>Show the numbers as a table</summary>
              <div class="table-wrap">
                <table class="data-table">
                  <caption class="visually-hidden">Conversations and questions per day</caption>
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <For each={SERIES}>{(s) => <th scope="col">{s.label}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={a().daily}>
                      {(d) => (
                        <tr>
                          <th scope="row">{d.day}</th>
                          <For each={SERIES}>{(s) => <td>{d[s.key]}</td>}</For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </details>
            <div class="stats analytics-stats">
              <div class="stat" data-testid="unanswered-share">
                <span class="muted small">Questions left unanswered</span>
                <strong>{percent(a().questions.unansweredShare)}</strong>
                <span class="muted small">
                  {a().questions.unanswered} of {a().questions.total} · {a().questions.declined} declined (off-limits)
                </span>
                <A href="/audience?tab=inbox" class="small">
                  Open the Inbox
                </A>
              </div>
              <div class="stat">
                <span class="muted small">Visitors per share link</span>
                <Show when={a().shareLinks.length} fallback={<span class="muted small">No share links yet</span>}>
                  <ul class="plain small">
                    <For each={a().shareLinks}>
                      {(l) => (
                        <li>
                          {l.label || "Untitled link"}
                          {l.revoked ? " (revoked)" : ""}: {l.visitors} visitor{l.visitors === 1 ? "" : "s"}, {l.questions} question
                          {l.questions === 1 ? "" : "s"}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>
              <div class="stat">
                <span class="muted small">Most asked about</span>
                <Show when={a().topics.length} fallback={<span class="muted small">No questions yet</span>}>
                  <ol class="plain small">
                    <For each={a().topics}>
                      {(t) => (
                        <li>
                          {t.topic} ({t.count})
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
              </div>
            </div>
          </>
        )}
      </AsyncState>
    </section>
  );
}
