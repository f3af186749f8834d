import { apiErrorFrom, refreshTokens } from "./client";
import { session } from "../stores/session";

export interface UploadOptions {
  url: string;
  /** FormData for multipart endpoints, a File/Blob for raw-body endpoints. */
  body: FormData | Blob;
  /** Content-Type of a raw body (FormData sets its own boundary). */
  contentType?: string;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function sendOnce<T>(o: UploadOptions): Promise<{ status: number; body: T | null }> {
  return new Promise((resolve, reject) => {
    // fetch() cannot report upload progress in browsers yet; XHR's upload.onprogress can.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", o.url);
    const token = session.accessToken();
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    if (o.contentType && !(o.body instanceof FormData)) xhr.setRequestHeader("content-type", o.contentType);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) o.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: T | null = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("Upload failed: the connection was interrupted."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    o.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(o.body);
  });
}

/** POSTs a file with progress events; refreshes the session once on 401, throws ApiError on failure. */
export async function upload<T>(o: UploadOptions): Promise<T> {
  let res = await sendOnce<T>(o);
  if (res.status === 401 && (await refreshTokens())) {
    o.onProgress?.(0);
    res = await sendOnce<T>(o);
  }
  if (res.status < 200 || res.status >= 300) throw apiErrorFrom(res.status, res.body);
  o.onProgress?.(1);
  return res.body as T;
}
