import { deletePrefix } from "../../shared/r2";
import type { Avatar } from "../../platform/db/schema";
import type { AvatarRepository } from "./avatar.repo";
import type { AvatarView, MyAvatarView } from "./avatar.schemas";
import type { JobService } from "../jobs";
import type { UserEventPublisher } from "../../platform/realtime/port";
import type { MediaUrls } from "../media";
import { AppError, notFound } from "../../shared/errors";
import { newId } from "../../shared/ids";
import { EXTENSIONS, SNIFF_BYTES, kindOf, sniff } from "../../shared/sniff";
import { readPrefix, streamToR2, streamUnknownLengthToR2, type ByteReader } from "../../shared/r2-stream";
import { boundaryOf, chunkReader, openFilePart } from "../../shared/multipart-stream";
import { userPrefix } from "../../shared/r2";

export const ACCEPTED_AVATAR_TYPES = ["video/mp4", "video/webm", "video/quicktime", "image/jpeg", "image/png", "image/webp"] as const;

/** Room for the form's boundaries and part headers around the file in a Content-Length check. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export const avatarPrefix = (userId: string, avatarId: string) => `${userPrefix(userId)}avatars/${avatarId}/`;
/** Where a provider's trained model (TrainResult.model) lives; deleted with the avatar's prefix. */
export const avatarModelKey = (userId: string, avatarId: string) => `${avatarPrefix(userId, avatarId)}model.bin`;

export interface UploadInput {
  contentType: string | undefined;
  contentLength: string | undefined;
  body: ReadableStream<Uint8Array> | null;
  /** Origin of the request, so background jobs can build absolute signed URLs for providers. */
  origin: string;
}

/** The user's avatar: upload (streamed to R2), status, replacement once the new one is trained, and removal. */
export class AvatarService {
  constructor(
    private readonly repo: AvatarRepository,
    private readonly bucket: R2Bucket,
    private readonly jobs: JobService,
    private readonly events: UserEventPublisher,
    private readonly urls: MediaUrls,
    private readonly maxUploadSize: number,
  ) {}

  async upload(userId: string, input: UploadInput): Promise<AvatarView> {
    const declared = input.contentType?.split(";")[0]!.trim().toLowerCase() ?? "";
    if (!(ACCEPTED_AVATAR_TYPES as readonly string[]).includes(declared)) {
      throw new AppError("unsupported_media_type", `Send the file as the raw body with Content-Type one of ${ACCEPTED_AVATAR_TYPES.join(", ")}`);
    }
    if (input.contentLength === undefined) {
      throw new AppError("length_required", "Content-Length is required (send the file as the raw request body)");
    }
    // Missing is 411; present but not a plain decimal byte count (-5, abc, 1e3) is a bad request.
    if (!/^\d+$/.test(input.contentLength)) throw new AppError("bad_request", "Content-Length must be a whole number of bytes");
    const length = Number(input.contentLength);
    if (length > this.maxUploadSize) throw new AppError("payload_too_large", `Avatars are limited to ${Math.floor(this.maxUploadSize / 1048576)} MB`);
    if (length === 0 || !input.body) throw new AppError("bad_request", "The body is empty");

    // BYOB into one reused buffer: a fresh buffer per chunk left ~60 MB more garbage per 100 MB
    // upload (bench/upload.bench.mjs, raw body: workerd +164 MB before, +106 MB after).
    const reader = chunkReader(input.body);
    const head = await readPrefix(reader, SNIFF_BYTES);
    const sniffed = await this.check(declared, head, reader);
    return this.store(userId, sniffed, input.origin, (key, options) => streamToR2(this.bucket, key, head, reader, length, options).then(() => length));
  }

  /**
   * The seed's form: multipart/form-data with the file in a `file` field (FastAPI's UploadFile).
   * Streamed part by part to R2 like the raw body, with the same sniffing, type and size checks;
   * the part's own Content-Type is the declared type (a generic or missing one lets the content decide).
   */
  async uploadForm(userId: string, input: UploadInput): Promise<AvatarView> {
    const boundary = boundaryOf(input.contentType);
    const tooLarge = `Avatars are limited to ${Math.floor(this.maxUploadSize / 1048576)} MB`;
    // The form's framing adds little: a Content-Length far over the limit is refused before reading.
    if (input.contentLength && /^\d+$/.test(input.contentLength) && Number(input.contentLength) > this.maxUploadSize + FORM_OVERHEAD_BYTES) {
      throw new AppError("payload_too_large", tooLarge);
    }
    if (!input.body) throw new AppError("bad_request", "The body is empty");
    const part = await openFilePart(input.body, boundary, "file");
    const reader = part.stream.getReader();
    const head = await readPrefix(reader, SNIFF_BYTES).catch(async (err) => {
      await reader.cancel().catch(() => {});
      throw err;
    });
    if (!head.length) {
      await reader.cancel().catch(() => {});
      throw new AppError("bad_request", "The file is empty");
    }
    const generic = !part.contentType || part.contentType === "application/octet-stream";
    const declared = generic ? (sniff(head) ?? "application/octet-stream") : part.contentType!;
    if (!(ACCEPTED_AVATAR_TYPES as readonly string[]).includes(declared)) {
      await reader.cancel().catch(() => {});
      throw new AppError("unsupported_media_type", `The file must be one of ${ACCEPTED_AVATAR_TYPES.join(", ")}`);
    }
    const sniffed = await this.check(declared, head, reader);
    return this.store(userId, sniffed, input.origin, (key, options) =>
      streamUnknownLengthToR2(this.bucket, key, head, reader, this.maxUploadSize, tooLarge, options),
    );
  }

  /** The sniffed type when the content really is what was declared (same kind), else 415. */
  private async check(declared: string, head: Uint8Array, reader: ByteReader): Promise<string> {
    const sniffed = sniff(head);
    if (!sniffed || kindOf(sniffed) !== kindOf(declared)) {
      await reader.cancel().catch(() => {});
      throw new AppError(
        "unsupported_media_type",
        `The file content is not ${declared === sniffed ? "readable" : `a ${declared}`} (accepted: MP4, MOV, WebM videos; JPEG, PNG, WebP photos)`,
      );
    }
    return sniffed;
  }

  /**
   * Writes the file (via `write`, which returns its size), records it and queues training. A ready avatar
   * stays in use until the new one is trained (`replaceOlder`); an older attempt that is not ready is superseded now.
   */
  private async store(userId: string, sniffed: string, origin: string, write: (key: string, options: R2PutOptions) => Promise<number>): Promise<AvatarView> {
    const id = newId("avt");
    const key = `${avatarPrefix(userId, id)}source.${EXTENSIONS[sniffed as keyof typeof EXTENSIONS]}`;
    const size = await write(key, { httpMetadata: { contentType: sniffed }, customMetadata: { userId, avatarId: id } });

    const avatar = await this.repo.create({ id, userId, kind: kindOf(sniffed), mimeType: sniffed, sizeBytes: size, r2Key: key });
    for (const old of await this.repo.olderThan(userId, avatar)) if (old.status !== "ready") await this.remove(old);
    await this.jobs.enqueue({ userId, kind: "avatar.train", subjectId: id, payload: { avatarId: id, origin } });
    return this.view(avatar);
  }

  /** The stored record (for the avatar and video jobs), or undefined. */
  find(avatarId: string): Promise<Avatar | undefined> {
    return this.repo.find(avatarId);
  }

  /** The user's avatar in use (the newest ready one, else the newest upload), or undefined. */
  currentRecord(userId: string): Promise<Avatar | undefined> {
    return this.repo.current(userId);
  }

  /** A newly trained avatar becomes the one in use: every older one goes (rows and files). */
  async replaceOlder(ready: Avatar): Promise<void> {
    for (const old of await this.repo.olderThan(ready.userId, ready)) await this.remove(old);
  }

  /** What the public share card shows of the user's avatar: whether it is trained, and its still (its face) once it is. */
  async card(userId: string): Promise<{ avatarReady: boolean; posterUrl: string | null }> {
    const avatar = await this.repo.current(userId);
    if (avatar?.status !== "ready") return { avatarReady: false, posterUrl: null };
    return { avatarReady: true, posterUrl: (await this.view(avatar)).posterUrl };
  }

  /**
   * The avatar in use, with the newer upload that has not replaced it (still training, or failed) as
   * `replacement`. null is a normal state ("no avatar yet"), not an error.
   */
  async current(userId: string): Promise<MyAvatarView | null> {
    const [avatar, latest] = await Promise.all([this.repo.current(userId), this.repo.latest(userId)]);
    if (!avatar) return null;
    return { ...(await this.view(avatar)), replacement: latest && latest.id !== avatar.id ? await this.view(latest) : null };
  }

  async status(userId: string, avatarId: string): Promise<AvatarView> {
    const avatar = await this.repo.findForUser(userId, avatarId);
    if (!avatar) throw notFound("Avatar");
    return this.view(avatar);
  }

  async deleteAll(userId: string): Promise<void> {
    const all = await this.repo.listForUser(userId);
    if (!all.length) throw notFound("Avatar");
    for (const a of all) await this.remove(a);
  }

  private async remove(avatar: Avatar): Promise<void> {
    await deletePrefix(this.bucket, avatarPrefix(avatar.userId, avatar.id));
    await this.repo.delete(avatar.id);
  }

  async view(a: Avatar): Promise<AvatarView> {
    return {
      id: a.id,
      kind: a.kind,
      mimeType: a.mimeType,
      sizeBytes: a.sizeBytes,
      status: a.status,
      progress: a.progress,
      error: a.error,
      provider: a.provider,
      previewUrl: await this.urls.sign(a.r2Key),
      posterUrl: a.referenceKey ? await this.urls.sign(a.referenceKey) : a.kind === "photo" ? await this.urls.sign(a.r2Key) : null,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  }

  /** Pushes the avatar's state to the user's open sockets (training progress in the UI). */
  async announce(a: Avatar): Promise<void> {
    await this.events.publish(a.userId, { type: "avatar", avatar: await this.view(a) });
  }
}
