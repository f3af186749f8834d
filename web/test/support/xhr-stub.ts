import { vi } from "vitest";

/** One upload the client sent through XMLHttpRequest; the test answers it by hand. */
export interface FakeUpload {
  method: string;
  url: string;
  body: Document | XMLHttpRequestBodyInit | null | undefined;
  /** Reports upload progress (bytes sent of total). */
  progress(loaded: number, total: number): void;
  /** Answers with a status and a JSON body. */
  respond(status: number, body: unknown): void;
}

/**
 * Replaces XMLHttpRequest (what api/upload.ts uses, for progress) with a fake whose requests wait
 * until the test answers them. Returns the requests in order; undo with vi.unstubAllGlobals().
 */
export function stubXhr(): FakeUpload[] {
  const sent: FakeUpload[] = [];
  class FakeXhr {
    status = 0;
    responseText = "";
    responseType = "";
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = "";
    private url = "";
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader() {}
    abort() {
      this.onabort?.();
    }
    send(body: FakeUpload["body"]) {
      sent.push({
        method: this.method,
        url: this.url,
        body,
        progress: (loaded, total) => this.upload.onprogress?.({ lengthComputable: true, loaded, total }),
        respond: (status, json) => {
          this.status = status;
          this.responseText = JSON.stringify(json);
          this.onload?.();
        },
      });
    }
  }
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  return sent;
}
