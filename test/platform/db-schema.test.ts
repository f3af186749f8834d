// worker/platform/db/migrations/*.sql are the source of truth for the database; worker/platform/db/schema.ts (the
// Drizzle tables the queries are typed with) must describe exactly what they build. This compares
// the two on the migrated D1 inside workerd: tables, columns (type, nullability, primary key) and
// indexes (name, columns, uniqueness). A migration without its schema.ts change, or the reverse, fails here.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../worker/platform/db/schema";

const tables = Object.values(schema as Record<string, unknown>)
  .filter((t): t is SQLiteTable => t instanceof SQLiteTable)
  .map((t) => getTableConfig(t));

type Row = Record<string, unknown>;
const all = async (sql: string) => (await env.DB.prepare(sql).all<Row>()).results;

/** Tables the migrations build, minus SQLite/D1 internals and the FTS5 index (queried with raw SQL: Drizzle has no virtual tables). */
async function migratedTables(): Promise<string[]> {
  const rows = await all("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
  return rows
    .map((r) => String(r.name))
    .filter((n) => !/^(sqlite_|d1_|_cf_)/.test(n) && !n.startsWith("knowledge_chunks_fts"))
    .sort();
}

function describeColumns(t: ReturnType<typeof getTableConfig>): string[] {
  const pk = new Set(t.primaryKeys.flatMap((k) => k.columns.map((c) => c.name)));
  return t.columns
    .map((c) => {
      const primary = c.primary || pk.has(c.name);
      // SQLite lets a non-INTEGER primary key hold NULL unless NOT NULL is written; Drizzle treats a
      // primary key as not null. Compared as "not null or primary key" on both sides.
      return `${c.name} ${c.getSQLType().toUpperCase()}${c.notNull || primary ? " NOT NULL" : ""}${primary ? " PK" : ""}`;
    })
    .sort();
}

async function migratedColumns(table: string): Promise<string[]> {
  const rows = await all(`PRAGMA table_info(${JSON.stringify(table)})`);
  return rows.map((r) => `${r.name} ${String(r.type).toUpperCase()}${r.notnull || r.pk ? " NOT NULL" : ""}${r.pk ? " PK" : ""}`).sort();
}

function describeIndexes(t: ReturnType<typeof getTableConfig>): string[] {
  const named = t.indexes.map((i) => {
    const cols = i.config.columns.map((c) => ("name" in c ? c.name : "?")).join(",");
    return `${i.config.name}${i.config.unique ? " UNIQUE" : ""} (${cols})`;
  });
  // Column-level .unique() and unique() constraints become SQLite's sqlite_autoindex_* indexes.
  const constraints = [
    ...t.columns.filter((c) => c.isUnique).map((c) => c.name),
    ...t.uniqueConstraints.map((u) => u.columns.map((c) => c.name).join(",")),
  ].map((cols) => `UNIQUE CONSTRAINT (${cols})`);
  return [...named, ...constraints].sort();
}

async function migratedIndexes(table: string): Promise<string[]> {
  const out: string[] = [];
  for (const idx of await all(`PRAGMA index_list(${JSON.stringify(table)})`)) {
    if (idx.origin === "pk") continue;
    const cols = (await all(`PRAGMA index_info(${JSON.stringify(String(idx.name))})`))
      .sort((a, b) => Number(a.seqno) - Number(b.seqno))
      .map((c) => c.name)
      .join(",");
    out.push(idx.origin === "u" ? `UNIQUE CONSTRAINT (${cols})` : `${idx.name}${idx.unique ? " UNIQUE" : ""} (${cols})`);
  }
  return out.sort();
}

describe("worker/platform/db/schema.ts matches the applied migrations", () => {
  it("has a Drizzle table for every migrated table and none extra", async () => {
    expect(tables.map((t) => t.name).sort()).toEqual(await migratedTables());
  });

  for (const t of tables) {
    it(`${t.name}: columns (type, nullability, primary key)`, async () => {
      expect(describeColumns(t)).toEqual(await migratedColumns(t.name));
    });
    it(`${t.name}: indexes`, async () => {
      expect(describeIndexes(t)).toEqual(await migratedIndexes(t.name));
    });
  }
});
