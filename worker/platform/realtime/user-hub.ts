import { DurableObject } from "cloudflare:workers";
import { broadcast } from "./broadcast";
import type { UserEvent } from "../../contracts/events";

/**
 * One per user: holds that user's open WebSockets (hibernation API, so idle sockets cost
 * nothing) and fans out events such as job progress. Only the Worker can publish, via RPC.
 */
export class UserHub extends DurableObject {
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].send(JSON.stringify({ type: "ready" }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** Sends an event to every socket of this user; returns how many received it. */
  async publish(event: UserEvent): Promise<number> {
    return broadcast(this.ctx.getWebSockets(), event);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === "ping") ws.send("pong");
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}
