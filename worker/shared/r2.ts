/** Every object under a prefix, page by page (R2 lists at most 1000 keys per call). */
export async function* listPrefix(bucket: R2Bucket, prefix: string): AsyncGenerator<R2Object[]> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    if (page.objects.length) yield page.objects;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** Deletes every object under a prefix. */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<void> {
  for await (const objects of listPrefix(bucket, prefix)) await bucket.delete(objects.map((o) => o.key));
}

/** Everything a user owns in R2 lives under this prefix (account export and deletion walk it). */
export const userPrefix = (userId: string) => `users/${userId}/`;
