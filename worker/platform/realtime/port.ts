import type { RoomEvent, UserEvent } from "../../contracts/events";

/** Pushes live events to the sockets of one key (a user, a conversation). Best effort: a failed push never fails the caller. */
export interface Publisher<Event> {
  publish(key: string, event: Event): Promise<void>;
  /** Hands a verified WebSocket upgrade request to the key's socket holder. */
  connect(key: string, request: Request): Promise<Response>;
}

export type UserEventPublisher = Publisher<UserEvent>;
export type RoomEventPublisher = Publisher<RoomEvent>;

/**
 * What a conversation's sockets may do beyond receiving events: send a chat message. The chat
 * module implements it; worker/index.ts injects it into the ConversationRoom (the Durable Object never sees the container).
 */
export interface RoomMessageHandler {
  /**
   * Runs one socket `send`. `info` is what the Worker route attached after verifying the ticket;
   * `send.clientMessageId` names the question (a retry names it again); `emit` broadcasts the turn to
   * every socket of the room. Returns an error refusing the send, for this socket only (the others
   * never saw it), or a close code/reason to end this socket. A throw is an internal error: the
   * sender's only before anything was emitted, every socket's after.
   */
  onSend(
    info: unknown,
    send: { message: string; clientMessageId?: string },
    emit: (e: RoomEvent) => void,
  ): Promise<{ close?: { code: number; reason: string; error: RoomEvent }; error?: RoomEvent }>;
}
