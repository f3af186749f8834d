import { client, unwrap } from "./client";
import { upload } from "./upload";
import type { AvatarUploadResult, MyAvatar } from "./contract";

export const AVATAR_TYPES = ["video/mp4", "video/webm", "video/quicktime", "image/jpeg", "image/png", "image/webp"];

export const avatarApi = {
  /** The avatar in use (and its pending or failed `replacement`); null when the user has not uploaded one yet (a 200, so no failed request in the console). */
  mine: async (): Promise<MyAvatar | null> => (await unwrap(client.api.avatars["my-avatar"].$get())) ?? null,
  status: (id: string) => unwrap(client.api.avatars.status[":avatar_id"].$get({ param: { avatar_id: id } })),
  remove: () => unwrap(client.api.avatars["my-avatar"].$delete()).then(() => undefined),
  /** The file is the raw request body (streamed to R2), not multipart; XHR for progress. */
  upload(file: File, onProgress?: (f: number) => void, signal?: AbortSignal) {
    return upload<AvatarUploadResult>({ url: client.api.avatars.upload.$url().pathname, body: file, contentType: file.type, onProgress, signal });
  },
  requestVideo: (messageId: string) => unwrap(client.api.chat.messages[":messageId"].video.$post({ param: { messageId } })),
  videoStatus: (jobId: string) => unwrap(client.api.chat["video-status"][":job_id"].$get({ param: { job_id: jobId } })),
};
