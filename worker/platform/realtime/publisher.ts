import type { UserHub } from "./user-hub";

export type UserEvent =
  | { type: "job"; job: { id: string; kind: string; subjectId: string | null; status: string; progress: number; error: string | null } }
  | { type: string; [key: string]: unknown };

/** Pushes live events to a user's open WebSockets. Best effort: a failed push never fails the caller. */
export class EventPublisher {
  constructor(private readonly hub: DurableObjectNamespace<UserHub>) {}

  stub(userId: string) {
    return this.hub.get(this.hub.idFromName(userId));
  }

  async publish(userId: string, event: UserEvent): Promise<void> {
    try {
      await this.stub(userId).publish(event);
    } catch (err) {
      console.warn("event publish failed", (err as Error).message);
    }
  }
}
