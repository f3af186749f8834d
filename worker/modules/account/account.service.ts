import type { AuthService } from "../auth";
import { zipStream, type ZipEntry } from "./export-zip";

/**
 * Each capability that stores user data outside the cascading D1 rows (R2 objects,
 * vectors, caches) or wants a section in the export registers a contributor here.
 */
export interface AccountDataContributor {
  /** Section name in the export document. */
  name: string;
  export?(userId: string): Promise<unknown>;
  /** Files for the ZIP export beside export.json, given the section this contributor exported. */
  archive?(userId: string, section: unknown): AsyncIterable<ZipEntry>;
  /** Removes data D1's ON DELETE CASCADE does not reach. Runs before the user row is deleted. */
  purge?(userId: string): Promise<void>;
}

export class AccountService {
  constructor(
    private readonly auth: AuthService,
    private readonly contributors: AccountDataContributor[],
  ) {}

  async export(userId: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { format: "digital-self-export", version: 1, exportedAt: new Date().toISOString() };
    for (const c of this.contributors) if (c.export) out[c.name] = await c.export(userId);
    return out;
  }

  /** The export as a ZIP: export.json, then every contributor's files, streamed one at a time. */
  async exportZip(userId: string): Promise<ReadableStream<Uint8Array>> {
    const doc = await this.export(userId);
    const contributors = this.contributors;
    async function* entries(): AsyncGenerator<ZipEntry> {
      yield { path: "export.json", compress: true, body: async () => new TextEncoder().encode(JSON.stringify(doc, null, 2)) };
      for (const c of contributors) if (c.archive) yield* c.archive(userId, doc[c.name]);
    }
    return zipStream(entries());
  }

  /** Deletes the account after checking the password: an access token alone must not be enough. */
  async delete(userId: string, password: string): Promise<void> {
    await this.auth.checkPassword(userId, password);
    for (const c of this.contributors) if (c.purge) await c.purge(userId);
    await this.auth.deleteUser(userId); // D1 cascades sessions, profile, conversations, documents, jobs…
  }
}
