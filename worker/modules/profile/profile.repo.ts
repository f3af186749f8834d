import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { profiles, type Profile } from "../../platform/db/schema";
import { now } from "../../shared/ids";

export type ProfilePatch = Partial<Omit<Profile, "userId" | "updatedAt">>;

export class ProfileRepository {
  constructor(private readonly db: Db) {}

  find(userId: string): Promise<Profile | undefined> {
    return this.db.select().from(profiles).where(eq(profiles.userId, userId)).get();
  }

  async update(userId: string, patch: ProfilePatch): Promise<void> {
    await this.db
      .update(profiles)
      .set({ ...patch, updatedAt: now() })
      .where(eq(profiles.userId, userId));
  }
}
