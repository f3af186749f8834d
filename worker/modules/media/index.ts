// The media module: signed short-lived URLs for R2 media, served with Range support.
import { MediaService, MediaUrls } from "./media.service";

export { mediaRoutes } from "./media.routes";
export { parseRange } from "./media.service";
export type { MediaService, MediaUrls };

export function createMediaModule(deps: { bucket: R2Bucket; secret: string; ttlSeconds: number }) {
  const urls = new MediaUrls(deps.secret, deps.ttlSeconds);
  return { service: new MediaService(urls, deps.bucket), urls };
}
