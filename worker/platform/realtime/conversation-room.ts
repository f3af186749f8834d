import { DurableObject } from "cloudflare:workers";
import { roomClientMessageSchema, type RoomEvent } from "../../contracts/events";
import type { RoomMessageHandler } from "./port";
import { broadcast } from "./broadcast";
import { isWellFormed } from "../../shared/well-formed";

/**
 * One per conversation: holds its WebSockets (hibernation API, so idle sockets cost nothing),
 * broadcasts streamed tokens, new messages and reply-video events, and runs a chat turn when
 * a socket sends `{type:"send", message, client_message_id?}` — the same chat service as POST /api/chat/send.
 * A send's errors go to its sender only until the turn has broadcast something (its stored question), to every socket after.
 */
export abstract class ConversationRoomObject<Env = unknown> extends DurableObject<Env> {
  /** The chat module's socket handler, built from this object's env by the entry point. */
  protected abstract handler(): RoomMessageHandler;

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    // Set by the Worker route after it verified the ticket; the DO is not reachable from outside.
    const info = JSON.parse(request.headers.get("x-room-scope") ?? "null") as { conversationId: string } | null;
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
    let msg;
    try {
      msg = roomClientMessageSchema.parse(JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw)));
      // Same rule as the HTTP edge (shared/well-formed.ts): no lone surrogates.
      if (msg.type === "send" && !isWellFormed(msg.message)) throw new Error("ill-formed text");
    } catch {
      ws.send(JSON.stringify({ type: "error", code: "validation_failed", message: 'Expected {"type":"send","message":"…"}' }));
      return;
    }
    if (msg.type === "ping") return ws.send(JSON.stringify({ type: "pong" }));
    // Whether the turn has broadcast anything yet (its question, once stored): until then the other sockets never saw this send.
    let broadcastAny = false;
    try {
      const send = { message: msg.message, clientMessageId: msg.client_message_id };
      const outcome = await this.handler().onSend(ws.deserializeAttachment(), send, (e) => {
        broadcastAny = true;
        this.broadcast(e);
      });
      if (outcome.error) ws.send(JSON.stringify(outcome.error));
      if (outcome.close) {
        ws.send(JSON.stringify(outcome.close.error));
        ws.close(outcome.close.code, outcome.close.reason);
      }
    } catch (err) {
      // Provider failures arrive as error events already; this is for our own (storage) failures.
      console.error("socket chat turn failed", err);
      if (broadcastAny) this.broadcast({ type: "error", code: "internal_error", message: "The reply could not be generated" });
      // Failed while being accepted (its question not stored): an error about a message the others never saw is the sender's only.
      else broadcast([ws], { type: "error", code: "internal_error", message: "The message could not be sent; try again" });
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
