import type { Publisher } from "./port";

/** The RPC surface of a Durable Object that holds sockets (UserHub, ConversationRoom). */
interface SocketHolder<Event> {
  publish(event: Event): Promise<number>;
  fetch(request: Request): Promise<Response>;
}

/** Any Durable Object namespace; the holder's RPC surface is what `SocketHolder` names. */
interface Namespace {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): unknown;
}

/** The one Publisher: one Durable Object per key (a user's UserHub, a conversation's room), found by name. */
export class DurableObjectPublisher<Event> implements Publisher<Event> {
  constructor(
    private readonly ns: Namespace,
    private readonly label: string,
  ) {}

  private stub(key: string) {
    return this.ns.get(this.ns.idFromName(key)) as SocketHolder<Event>;
  }

  async publish(key: string, event: Event): Promise<void> {
    try {
      await this.stub(key).publish(event);
    } catch (err) {
      console.warn(`${this.label} publish failed`, (err as Error).message);
    }
  }

  connect(key: string, request: Request): Promise<Response> {
    return this.stub(key).fetch(request);
  }
}
