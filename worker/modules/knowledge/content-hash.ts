/**
 * An upload's SHA-256 (hex), for telling a file already added (KnowledgeService.store). A PDF arrives as a
 * Blob and is streamed through the runtime's DigestStream rather than copied whole into the isolate.
 */
export async function contentHash(body: Blob | Uint8Array): Promise<string> {
  let digest: ArrayBuffer;
  if (body instanceof Uint8Array) digest = await crypto.subtle.digest("SHA-256", body);
  else {
    const stream = new crypto.DigestStream("SHA-256");
    await body.stream().pipeTo(stream);
    digest = await stream.digest;
  }
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
