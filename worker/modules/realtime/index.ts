// The realtime module: the user's live-events socket (tickets and the verified upgrade).
import type { UserEventPublisher } from "../../platform/realtime/port";
import type { AuthService } from "../auth";
import { RealtimeService } from "./realtime.service";

export { realtimeRoutes } from "./realtime.routes";
export type { RealtimeService };

export function createRealtimeModule(deps: { auth: AuthService; events: UserEventPublisher }) {
  return { service: new RealtimeService(deps.auth, deps.events) };
}
