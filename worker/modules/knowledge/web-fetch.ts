/**
 * Fetching a web page for the knowledge base without becoming a proxy into private networks
 * (SSRF): only http(s) on default-looking hosts, never to a private, loopback, link-local or
 * otherwise special address, with every redirect followed by hand and checked again, and the
 * body read under a byte and time limit. Loopback (a local test server) is allowed only when the
 * deployment is not production AND the explicit setting KNOWLEDGE_FETCH_ALLOW_LOOPBACK is on.
 *
 * Hostnames are not resolved here (Workers have no DNS API); a public name that resolves to a
 * private address is stopped by Cloudflare itself, whose outbound fetch never reaches private
 * networks. Names that are private by definition (localhost, .local, .internal…) are refused here.
 */
import ipaddr from "ipaddr.js";

export interface WebFetchPolicy {
  /** Allow 127.0.0.0/8, ::1 and localhost (development and tests only; the container never sets it in production). */
  allowLoopback: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

/** A page that cannot be fetched, with the reason shown to the user; retrying will not help. */
export class WebFetchError extends Error {}

export interface FetchedPage {
  /** Where the content finally came from (after redirects). */
  url: string;
  contentType: string;
  bytes: Uint8Array;
}

const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i;
const LOOPBACK_NAMES = /(^|\.)localhost$/i;

/** Why this URL must not be fetched, or null when it may be. */
export function refusedReason(raw: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "That is not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Only http and https pages can be added";
  if (url.username || url.password) return "URLs with a user name or password are not accepted";
  // WHATWG URL parsing already turned "2130706433", "0x7f.1" and friends into dotted IPv4.
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (ipaddr.isValid(host)) {
    const range = ipaddr.process(host).range();
    if (range === "unicast") return null;
    if (range === "loopback" && allowLoopback) return null;
    return `The address ${host} is a ${describe(range)} address, which cannot be fetched`;
  }
  if (LOOPBACK_NAMES.test(host)) return allowLoopback ? null : `"${host}" is a private host name, which cannot be fetched`;
  if (PRIVATE_NAMES.test(host) || !host.includes(".")) return `"${host}" is a private host name, which cannot be fetched`;
  return null;
}

const describe = (range: string) =>
  ({
    private: "private",
    loopback: "loopback",
    linkLocal: "link-local",
    uniqueLocal: "private",
    unspecified: "unspecified",
    carrierGradeNat: "carrier-grade NAT",
  })[range] ?? `reserved (${range})`;

/** GET with every hop checked; throws WebFetchError with the reason for anything refused or failed. */
export async function fetchPage(start: string, policy: WebFetchPolicy, fetchImpl: typeof fetch = fetch): Promise<FetchedPage> {
  let url = start;
  const signal = AbortSignal.timeout(policy.timeoutMs);
  for (let hop = 0; ; hop++) {
    const refused = refusedReason(url, policy.allowLoopback);
    if (refused) throw new WebFetchError(hop ? `Redirected to ${url}: ${refused}` : refused);
    let res: Response;
    try {
      res = await fetchImpl(url, {
        redirect: "manual",
        signal,
        headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.8,application/pdf;q=0.5", "user-agent": "DigitalSelf-KnowledgeFetcher/1.0" },
      });
    } catch (err) {
      if (signal.aborted) throw new WebFetchError(`The page did not answer within ${Math.round(policy.timeoutMs / 1000)} s`);
      throw new WebFetchError(`The page could not be fetched: ${unreachable((err as Error).message)}`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      await res.body?.cancel();
      if (hop >= policy.maxRedirects) throw new WebFetchError(`More than ${policy.maxRedirects} redirects`);
      url = new URL(res.headers.get("location")!, url).toString();
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new WebFetchError(`The page answered HTTP ${res.status}`);
    }
    const declared = Number(res.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > policy.maxBytes) {
      await res.body?.cancel();
      throw new WebFetchError(`The page is larger than ${Math.round(policy.maxBytes / 1048576)} MB`);
    }
    const bytes = await readCapped(res, policy.maxBytes, signal, policy.timeoutMs);
    return { url, contentType: (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase(), bytes };
  }
}

/**
 * workerd's fetch rejects an unresolvable name or a host that does not answer with only
 * "internal error; reference = <id>", which tells the owner nothing; other messages are kept.
 */
const unreachable = (message: string) =>
  /^internal error\b/i.test(message) || !message ? "the site could not be reached. Check the address, or try again later." : message;

/** The body, stopped as soon as it passes maxBytes (Content-Length may be absent or wrong). */
async function readCapped(res: Response, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new WebFetchError(`The page is larger than ${Math.round(maxBytes / 1048576)} MB`);
      parts.push(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (err instanceof WebFetchError) throw err;
    if (signal.aborted) throw new WebFetchError(`The page did not answer within ${Math.round(timeoutMs / 1000)} s`);
    throw new WebFetchError(`The page could not be read: ${(err as Error).message}`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
