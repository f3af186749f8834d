import { client, unwrap } from "./client";
import { session } from "../stores/session";

import type { AvatarEvent, JobEvent, UserSocketEvent, VideoEvent } from "@worker/contracts/events";

/** The user's socket events, as the server's contract (worker/contracts/events.ts) defines them. Every `progress` is a percentage (0–100). */
export type { AvatarEvent, JobEvent, VideoEvent };
export type LiveEvent = UserSocketEvent;

type Listener = (e: LiveEvent) => void;
const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
// Set while a ticket is being fetched, so listeners subscribing together share one socket.
let connecting = false;
let retry = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

async function connect() {
  if (!session.signedIn() || socket || connecting) return;
  connecting = true;
  try {
    const { url } = await unwrap(client.api.realtime.ticket.$post());
    if (listeners.size === 0) return;
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${url}`);
    socket = ws;
    ws.onopen = () => (retry = 0);
    ws.onmessage = (m) => {
      try {
        const event = JSON.parse(String(m.data)) as LiveEvent;
        for (const l of listeners) l(event);
      } catch {
        /* not an event */
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return; // an old socket closing must not drop its successor
      socket = null;
      scheduleReconnect();
    };
  } catch {
    scheduleReconnect();
  } finally {
    connecting = false;
  }
}

function scheduleReconnect() {
  if (!session.signedIn() || listeners.size === 0) return;
  clearTimeout(timer);
  // Capped exponential backoff so a down server is not hammered.
  timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** retry++));
}

/** Subscribes to the user's live events (job progress, reply videos); the socket lives while anyone listens. */
export function onLiveEvent(listener: Listener): () => void {
  listeners.add(listener);
  void connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearTimeout(timer);
      socket?.close();
      socket = null;
    }
  };
}
