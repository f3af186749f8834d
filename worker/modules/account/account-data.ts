import { deletePrefix, listPrefix, userPrefix } from "../../shared/r2";
import type { AccountDataContributor } from "./account.service";

// User-owned D1 tables exported as rows; passwords, token hashes and R2 keys stay out.
const EXPORT_TABLES: Record<string, string> = {
  profile: "SELECT * FROM profiles WHERE user_id = ?",
  sessions: "SELECT id, user_agent, created_at, expires_at, revoked_at FROM sessions WHERE user_id = ? ORDER BY created_at",
  // The address as the sharing API gives it (sharing.service shareUrl): the owner's own links, shown on the Shares page too.
  shareLinks: "SELECT id, label, '/share/' || token AS url, created_at, revoked_at FROM share_links WHERE user_id = ? ORDER BY created_at",
  conversations: "SELECT * FROM conversations WHERE user_id = ? ORDER BY created_at",
  messages: "SELECT * FROM messages WHERE user_id = ? ORDER BY created_at",
  knowledgeDocuments:
    "SELECT id, title, source, kind, mime_type, size_bytes, body, status, chunk_count, error, created_at, updated_at FROM knowledge_documents WHERE user_id = ? ORDER BY created_at",
  memories:
    "SELECT id, text, status, origin, conversation_id, message_id, document_id, created_at, updated_at FROM memories WHERE user_id = ? ORDER BY created_at",
  visitorMemoryResets: "SELECT share_link_id, visitor_id, forgotten_at FROM visitor_memory_resets WHERE user_id = ? ORDER BY forgotten_at",
  avatars: "SELECT id, kind, mime_type, size_bytes, status, provider, error, created_at, updated_at FROM avatars WHERE user_id = ? ORDER BY created_at",
  videos:
    "SELECT id, message_id, avatar_id, job_id, status, provider, duration_ms, size_bytes, error, created_at, updated_at FROM videos WHERE user_id = ? ORDER BY created_at",
  guardrails: "SELECT topics, refusal, updated_at FROM guardrails WHERE user_id = ?",
  jobs: "SELECT id, kind, subject_id, status, progress, attempts, error, created_at, updated_at FROM jobs WHERE user_id = ? ORDER BY created_at",
};

// The export is for a person to read and for other tools to load: stored forms become plain data. Every *_at column
// holds milliseconds since 1970 (ISO 8601 instead), these text columns hold JSON, and these integers are flags.
const JSON_COLUMNS = new Set(["citations", "topics"]);
const FLAG_COLUMNS = new Set(["onboarding_completed", "always_video_replies"]);
function readable(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.endsWith("_at") && typeof v === "number") out[k] = new Date(v).toISOString();
    else if (FLAG_COLUMNS.has(k) && typeof v === "number") out[k] = v !== 0;
    else if (JSON_COLUMNS.has(k) && typeof v === "string") {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    } else out[k] = v;
  }
  return out;
}

export function d1AccountData(d1: D1Database): AccountDataContributor {
  return {
    name: "data",
    async export(userId) {
      const user = await d1.prepare("SELECT id, email, name, created_at, updated_at FROM users WHERE id = ?").bind(userId).first();
      const names = Object.keys(EXPORT_TABLES);
      const results = await d1.batch<Record<string, unknown>>(names.map((n) => d1.prepare(EXPORT_TABLES[n]!).bind(userId)));
      const out: Record<string, unknown> = { user: user && readable(user) };
      names.forEach((n, i) => {
        const rows = results[i]!.results.map(readable);
        out[n] = n === "profile" ? (rows[0] ?? null) : rows;
      });
      return out;
    },
  };
}

/** Every R2 object of a user lives under `users/<userId>/`; account deletion removes the prefix. */

interface ExportedFile {
  key: string;
  /** Where the ZIP export puts it. */
  path: string;
  size: number;
  uploaded: string;
}

const EXTENSIONS: Record<string, string> = {
  "application/pdf": ".pdf",
  "text/plain": ".txt",
  "text/markdown": ".md",
  "text/html": ".html",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
};

/** A name safe on every file system: no separators, control or reserved characters, bounded length. */
const safeName = (s: string) =>
  s
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "")
    .slice(0, 120);

/**
 * The file's path in the ZIP: `files/<key below the user's prefix>`, except knowledge uploads
 * (stored as `knowledge/<docId>`, no extension) which get their title and an extension:
 * `files/knowledge/<docId>-<title>.pdf`.
 */
function archivePath(relKey: string, docs: Map<string, { title: string; mime_type: string }>): string {
  const docId = /^knowledge\/([^/]+)$/.exec(relKey)?.[1];
  const doc = docId ? docs.get(docId) : undefined;
  if (!doc) return `files/${relKey}`;
  const ext = EXTENSIONS[doc.mime_type] ?? "";
  const title = safeName(doc.title);
  const name = title.toLowerCase().endsWith(ext) ? title : `${title}${ext}`;
  return `files/knowledge/${docId}${title ? `-${name}` : ext}`;
}

export function r2AccountData(bucket: R2Bucket, d1: D1Database): AccountDataContributor {
  return {
    name: "files",
    async export(userId) {
      const prefix = userPrefix(userId);
      const { results } = await d1
        .prepare("SELECT id, title, mime_type FROM knowledge_documents WHERE user_id = ?")
        .bind(userId)
        .all<{ id: string; title: string; mime_type: string }>();
      const docs = new Map(results.map((d) => [d.id, d]));
      const files: ExportedFile[] = [];
      for await (const objects of listPrefix(bucket, prefix)) {
        for (const o of objects) {
          const key = o.key.slice(prefix.length);
          files.push({ key, path: archivePath(key, docs), size: o.size, uploaded: o.uploaded.toISOString() });
        }
      }
      return files;
    },
    async *archive(userId, section) {
      const prefix = userPrefix(userId);
      for (const f of section as ExportedFile[]) {
        yield { path: f.path, body: async () => (await bucket.get(prefix + f.key))?.body ?? null };
      }
    },
    purge: (userId) => deletePrefix(bucket, userPrefix(userId)),
  };
}
