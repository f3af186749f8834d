import type { ConversationRoom } from "./conversation-room";

/** A live event for the sockets watching one conversation (API contract: conversation socket). */
export type RoomEvent =
  | { type: "token"; text: string }
  | { type: "message"; message: unknown }
  | { type: "error"; code: string; message: string }
  | { type: "video"; messageId: string; jobId: string; status: string; videoUrl: string | null };

/** Pushes events to a conversation's Durable Object. Best effort: a failed push never fails the caller. */
export class RoomPublisher {
  constructor(private readonly ns: DurableObjectNamespace<ConversationRoom>) {}

  stub(conversationId: string) {
    return this.ns.get(this.ns.idFromName(conversationId));
  }

  async publish(conversationId: string, event: RoomEvent): Promise<void> {
    try {
      await this.stub(conversationId).publish(event);
    } catch (err) {
      console.warn("room publish failed", (err as Error).message);
    }
  }
}
