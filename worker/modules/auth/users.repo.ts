import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users, profiles, type User } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";

export class UserRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<User | undefined> {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  findByEmail(email: string): Promise<User | undefined> {
    return this.db.select().from(users).where(eq(users.email, email)).get();
  }

  /** Creates the user and their default profile in one batch (atomic in D1). */
  async create(input: { email: string; name: string; passwordHash: string }): Promise<User> {
    const t = now();
    const user: User = { id: newId("usr"), ...input, createdAt: t, updatedAt: t };
    await this.db.batch([this.db.insert(users).values(user), this.db.insert(profiles).values({ userId: user.id, displayName: input.name, updatedAt: t })]);
    return user;
  }

  async update(id: string, patch: Partial<Pick<User, "name" | "passwordHash">>): Promise<void> {
    await this.db
      .update(users)
      .set({ ...patch, updatedAt: now() })
      .where(eq(users.id, id));
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(users).where(eq(users.id, id));
  }
}
