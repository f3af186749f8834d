import { AppError, notFound } from "../../shared/errors";
import { newId } from "../../shared/ids";
import type { ShareLinkRepository, ShareLinkRow } from "./sharing.repo";
import type { AuthService } from "../auth";
import type { ChatService, ConversationScope, VisitorMemory } from "../chat";
import type { ProfileService } from "../profile";
import type { VideoService } from "../video";
import type { AudienceService } from "../audience";
import type { PublicProfile, ShareLinkView, VisitorVideoStatus } from "./sharing.schemas";

// Visitors keep chatting for a while without an account; revoking the link ends every visitor token at once.
const VISITOR_TTL_SECONDS = 7 * 24 * 3600;

/** The public page of a share link in the web client. */
export const shareUrl = (token: string) => `/share/${token}`;
const view = (r: ShareLinkRow): ShareLinkView => ({
  id: r.id,
  label: r.label,
  url: shareUrl(r.token),
  token: r.token,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
});

/** Owners' share links, and what a visitor holding one may do (only with the conversations they started through it). */
export class SharingService {
  constructor(
    private readonly links: ShareLinkRepository,
    private readonly auth: AuthService,
    private readonly chat: ChatService,
    private readonly visitorMemory: VisitorMemory,
    private readonly profiles: ProfileService,
    private readonly videos: VideoService,
    /** The owner's avatar on the public card: ready or not, and its still once ready. */
    private readonly avatarCard: (userId: string) => Promise<{ avatarReady: boolean; posterUrl: string | null }>,
    private readonly audience: AudienceService,
  ) {}

  async create(userId: string, label: string): Promise<ShareLinkView> {
    return view(await this.links.create(userId, label));
  }

  async list(userId: string): Promise<ShareLinkView[]> {
    return (await this.links.list(userId)).map(view);
  }

  /** Idempotent: revoking twice is fine; someone else's link is a 404. */
  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.links.find(userId, id))) throw notFound("Share link");
    await this.links.revoke(userId, id);
  }

  /** What the clone remembers about each visitor of the owner's link (404 for someone else's link). */
  async visitorMemories(userId: string, id: string) {
    if (!(await this.links.find(userId, id))) throw notFound("Share link");
    return { items: await this.visitorMemory.visitors(userId, id) };
  }

  // ── visitors ──

  /** What the clone remembers about this visitor from their conversations through the link. */
  async memory(token: string, visitorToken: string | undefined) {
    const scope = await this.scopeFor(await this.liveLink(token), visitorToken);
    return { notes: await this.visitorMemory.notes(scope) };
  }

  /** The visitor clears it: only what they say from now on is remembered. */
  async forget(token: string, visitorToken: string | undefined): Promise<void> {
    await this.visitorMemory.forget(await this.scopeFor(await this.liveLink(token), visitorToken));
  }

  async publicProfile(token: string): Promise<PublicProfile> {
    const link = await this.liveLink(token);
    const [p, avatar] = await Promise.all([this.profiles.get(link.userId), this.avatarCard(link.userId)]);
    return { name: p.name, headline: p.headline, bio: p.bio, ...avatar };
  }

  /** A new visitor conversation; a visitor who already has a token keeps their identity across conversations. */
  async startConversation(token: string, visitorToken: string | undefined) {
    const link = await this.liveLink(token);
    let scope: ConversationScope & { kind: "visitor" };
    try {
      scope = await this.scopeFor(link, visitorToken);
    } catch {
      scope = { kind: "visitor", ownerId: link.userId, shareLinkId: link.id, visitorId: newId("vis") };
    }
    const conversation = await this.chat.create(scope);
    return { conversation, visitorToken: await this.auth.visitorToken(scope.visitorId, link.id, VISITOR_TTL_SECONDS) };
  }

  /** The visitor's scope: only conversations they started through this very link. */
  async visitorScope(token: string, visitorToken: string | undefined): Promise<ConversationScope> {
    return this.scopeFor(await this.liveLink(token), visitorToken);
  }

  async messages(token: string, visitorToken: string | undefined, conversationId: string, limit: number, cursor: string | undefined) {
    return this.chat.messages(await this.visitorScope(token, visitorToken), conversationId, limit, cursor);
  }

  /** The visitor deletes one of their own conversations (the owner no longer sees it either). */
  async deleteConversation(token: string, visitorToken: string | undefined, conversationId: string): Promise<void> {
    await this.chat.delete(await this.visitorScope(token, visitorToken), conversationId);
  }

  /** "Ask the real me": the visitor leaves an unanswered reply's question for the owner's Inbox. */
  async askOwner(token: string, visitorToken: string | undefined, messageId: string) {
    const link = await this.liveLink(token);
    const scope = await this.scopeFor(link, visitorToken);
    await this.visitorMessage(scope, messageId);
    return this.audience.askOwner(link.userId, messageId);
  }

  /** A reply video of the visitor's own conversation, on the visitor's own quota for this link (the owner's avatar speaks). */
  async requestVideo(token: string, visitorToken: string | undefined, messageId: string, origin: string) {
    const link = await this.liveLink(token);
    const scope = await this.scopeFor(link, visitorToken);
    await this.visitorMessage(scope, messageId);
    return this.videos.request(link.userId, messageId, origin, { shareLinkId: link.id, visitorId: scope.visitorId });
  }

  async videoStatus(token: string, visitorToken: string | undefined, jobId: string): Promise<VisitorVideoStatus> {
    const link = await this.liveLink(token);
    const scope = await this.scopeFor(link, visitorToken);
    const video = await this.videos.findByJob(link.userId, jobId);
    if (!video) throw notFound("Video job");
    await this.visitorMessage(scope, video.messageId, "Video job");
    return this.videos.view(video);
  }

  /** A message of one of the visitor's own conversations, or 404 (another visitor's looks unknown). */
  private async visitorMessage(scope: ConversationScope, messageId: string, what = "Message") {
    const message = await this.videos.message(scope.ownerId, messageId);
    if (!message || !(await this.chat.owns(scope, message.conversationId))) throw notFound(what);
    return message;
  }

  /** A live share link, or 404 (unknown and revoked look the same). */
  async liveLink(token: string): Promise<ShareLinkRow> {
    const link = await this.links.findActiveByToken(token);
    if (!link) throw notFound("Share link");
    return link;
  }

  private async scopeFor(link: ShareLinkRow, raw: string | undefined): Promise<ConversationScope & { kind: "visitor" }> {
    if (!raw) throw new AppError("unauthorized", "X-Visitor-Token header required");
    const claims = await this.auth.verifyVisitor(raw);
    // The subject is the visitor (never the owner's user id, which a visitor must not learn); the owner comes from the link.
    if (claims.sessionId !== link.id || !claims.userId.startsWith("vis_")) throw new AppError("unauthorized", "Visitor token is not for this link");
    return { kind: "visitor", ownerId: link.userId, shareLinkId: link.id, visitorId: claims.userId };
  }
}
