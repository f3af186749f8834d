import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../env";
import { buildServices } from "../middleware/services";
import type { ConversationScope } from "../db/repositories/conversations";
import type { ChatEvent } from "../services/chat";
import type { RoomEvent } from "../services/rooms";
import { broadcast } from "./broadcast";
import { isWellFormed } from "../lib/well-formed";

/** Set by the Worker route after it verified the ticket; the DO is not reachable from outside. */
interface SocketInfo {
  scope: ConversationScope;
  conversationId: string;
  /** The session that opened the socket: re-checked on every message so logout ends the socket. */
  sessionId: string;
  userId: string;
}

const ClientMessage = z.discriminatedUnion("type", [
  // Same rule as the HTTP edge (worker/lib/well-formed.ts): no lone surrogates.
  z.object({ type: z.literal("send"), message: z.string().trim().min(1).max(4000).refine(isWellFormed) }),
  z.object({ type: z.literal("ping") }),
]);

/**
 * One per conversation: holds its WebSockets (hibernation API, so idle sockets cost nothing),
 * broadcasts streamed tokens, new messages and reply-video events, and runs a chat turn when
 * a socket sends `{type:"send", message}` — the same ChatService as POST /api/chat/send.
 */
export class ConversationRoom extends DurableObject<Env> {
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    const info = JSON.parse(request.headers.get("x-room-scope") ?? "null") as SocketInfo | null;
    if (!info) return new Response("missing scope", { status: 400 });
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment(info);
    pair[1].send(JSON.stringify({ type: "ready", conversationId: info.conversationId }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** RPC from the Worker (new messages from HTTP sends, reply-video events). Returns how many sockets got it. */
  async publish(event: RoomEvent): Promise<number> {
    return this.broadcast(event);
  }

  private broadcast(event: RoomEvent): number {
    return broadcast(this.ctx.getWebSockets(), event);
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    if (raw === "ping") return ws.send("pong");
    let msg: z.infer<typeof ClientMessage>;
    try {
      msg = ClientMessage.parse(JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw)));
    } catch {
      ws.send(JSON.stringify({ type: "error", code: "validation_failed", message: 'Expected {"type":"send","message":"…"}' }));
      return;
    }
    if (msg.type === "ping") return ws.send(JSON.stringify({ type: "pong" }));
    const info = ws.deserializeAttachment() as SocketInfo;
    const s = buildServices(this.env);
    // Cheap (cached, invalidated on revocation): a socket must not outlive its session's logout.
    if (!(await s.auth.isSessionActive(info.sessionId, info.userId))) {
      ws.send(JSON.stringify({ type: "error", code: "unauthorized", message: "Session has ended; sign in again" }));
      ws.close(4401, "session ended");
      return;
    }
    // Re-checked on every send: the conversation may have been deleted since the socket opened.
    const conv = await s.conversations.find(info.scope, info.conversationId);
    if (!conv) {
      ws.send(JSON.stringify({ type: "error", code: "not_found", message: "Conversation not found" }));
      ws.close(4404, "not found");
      return;
    }
    try {
      await s.chat.turn(conv, msg.message, (e: ChatEvent) => this.broadcast(toRoomEvent(e)), { notifyRoom: false });
    } catch (err) {
      // Provider failures arrive as error events already; this is for our own (storage) failures.
      console.error("socket chat turn failed", err);
      this.broadcast({ type: "error", code: "internal_error", message: "The reply could not be generated" });
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}

function toRoomEvent(e: ChatEvent): RoomEvent {
  switch (e.type) {
    case "meta":
      return { type: "message", message: e.userMessage };
    case "done":
      return { type: "message", message: e.reply };
    case "token":
      return e;
    case "error":
      return { type: "error", code: e.code, message: e.message };
  }
}
