import type { AuthService } from "../auth";

/**
 * Each capability that stores user data outside the cascading D1 rows (R2 objects,
 * vectors, caches) or wants a section in the export registers a contributor here.
 */
export interface AccountDataContributor {
  /** Section name in the export document. */
  name: string;
  export?(userId: string): Promise<unknown>;
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

  async delete(userId: string): Promise<void> {
    for (const c of this.contributors) if (c.purge) await c.purge(userId);
    await this.auth.deleteUser(userId); // D1 cascades sessions, profile, conversations, documents, jobs…
  }
}
