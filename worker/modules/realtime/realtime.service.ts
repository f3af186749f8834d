import type { AuthService } from "../auth";
import type { UserEventPublisher } from "../../platform/realtime/port";

/** The user's live socket: tickets (browsers cannot set headers on WebSocket requests) and the verified upgrade. */
export class RealtimeService {
  constructor(
    private readonly auth: AuthService,
    private readonly events: UserEventPublisher,
  ) {}

  async ticket(auth: { userId: string; sessionId: string }) {
    const { ticket, expiresIn } = await this.auth.ticket(auth, "ws");
    return { ticket, expiresIn, url: `/api/realtime/ws?ticket=${encodeURIComponent(ticket)}` };
  }

  async connect(ticket: string, request: Request): Promise<Response> {
    const claims = await this.auth.verifySession(ticket, "ws");
    return this.events.connect(claims.userId, request);
  }
}
