// The sharing module: owners' share links and visitors' chats through them.
import type { Db } from "../../platform/db/client";
import type { AuthService } from "../auth";
import type { ChatService, VisitorMemory } from "../chat";
import type { ProfileService } from "../profile";
import type { VideoService } from "../video";
import type { AudienceService } from "../audience";
import { ShareLinkRepository } from "./sharing.repo";
import { SharingService } from "./sharing.service";

export { shareRoutes } from "./sharing.routes";
export { publicRoutes } from "./public.routes";
export type { SharingService };

export function createSharingModule(deps: {
  db: Db;
  auth: AuthService;
  chat: ChatService;
  visitorMemory: VisitorMemory;
  profiles: ProfileService;
  videos: VideoService;
  avatarCard: (userId: string) => Promise<{ avatarReady: boolean; posterUrl: string | null }>;
  audience: AudienceService;
}) {
  return {
    service: new SharingService(
      new ShareLinkRepository(deps.db),
      deps.auth,
      deps.chat,
      deps.visitorMemory,
      deps.profiles,
      deps.videos,
      deps.avatarCard,
      deps.audience,
    ),
  };
}
