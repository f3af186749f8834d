import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { jobs, type Job, type JobStatus } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";
import { JOB_LEASE_MS } from "../../contracts/jobs";

export class JobRepository {
  constructor(private readonly db: Db) {}

  async create(input: { userId: string; kind: string; subjectId?: string | null; payload?: unknown }): Promise<Job> {
    const t = now();
    const job: Job = {
      id: newId("job"),
      userId: input.userId,
      kind: input.kind,
      subjectId: input.subjectId ?? null,
      status: "queued",
      progress: 0,
      attempts: 0,
      payload: JSON.stringify(input.payload ?? {}),
      result: null,
      error: null,
      leaseUntil: t + JOB_LEASE_MS,
      createdAt: t,
      updatedAt: t,
    };
    await this.db.insert(jobs).values(job);
    return job;
  }

  find(id: string): Promise<Job | undefined> {
    return this.db.select().from(jobs).where(eq(jobs.id, id)).get();
  }

  /** Scoped read for API callers: another user's job is indistinguishable from a missing one. */
  findForUser(userId: string, id: string): Promise<Job | undefined> {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.userId, userId)))
      .get();
  }

  latestForSubject(userId: string, subjectId: string): Promise<Job | undefined> {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), eq(jobs.subjectId, subjectId)))
      .orderBy(desc(jobs.createdAt))
      .get();
  }

  /** The newest job id of each subject, in one query (for list pages). */
  async latestIdsForSubjects(userId: string, subjectIds: string[]): Promise<Map<string, string>> {
    if (!subjectIds.length) return new Map();
    const rows = await this.db
      .select({ id: jobs.id, subjectId: jobs.subjectId, createdAt: jobs.createdAt })
      .from(jobs)
      .where(and(eq(jobs.userId, userId), inArray(jobs.subjectId, subjectIds)))
      .orderBy(asc(jobs.createdAt))
      .all();
    // Ascending order: the newest job of a subject is the last one written into the map.
    return new Map(rows.map((r) => [r.subjectId!, r.id]));
  }

  async update(id: string, patch: Partial<Pick<Job, "status" | "progress" | "attempts" | "result" | "error" | "leaseUntil">>): Promise<Job | undefined> {
    const rows = await this.db
      .update(jobs)
      .set({ ...patch, updatedAt: now() })
      .where(eq(jobs.id, id))
      .returning();
    return rows[0];
  }

  /** Moves a job to running only if it is not finished: the guard that makes redelivery harmless. */
  async claim(id: string): Promise<Job | undefined> {
    const job = await this.find(id);
    if (!job || job.status === "succeeded" || job.status === "failed") return undefined;
    return this.update(id, { status: "running" as JobStatus, attempts: job.attempts + 1, error: null, leaseUntil: now() + JOB_LEASE_MS });
  }

  /** Unfinished jobs past their lease (oldest first, a bounded batch per sweep). */
  expired(limit = 100): Promise<Job[]> {
    return this.db
      .select()
      .from(jobs)
      .where(and(or(eq(jobs.status, "running"), eq(jobs.status, "queued")), lt(jobs.leaseUntil, now())))
      .orderBy(asc(jobs.leaseUntil))
      .limit(limit)
      .all();
  }
}
