/** A user's vectors of one embedder, decoded into one contiguous int8 matrix. */
export interface VectorMatrix {
  version: number;
  dims: number;
  ids: string[];
  values: Int8Array;
}

/**
 * Isolate-local LRU of decoded matrices, bounded by bytes. An entry is only used while its
 * version equals the one in D1 (bumped by triggers on every vector write), so it is never stale.
 */
export class MatrixCache {
  private readonly entries = new Map<string, VectorMatrix>();
  private bytes = 0;
  constructor(private readonly maxBytes = 48 * 1024 * 1024) {}

  get(key: string, version: number): VectorMatrix | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.version !== version) {
      this.bytes -= hit.values.byteLength;
      return undefined;
    }
    this.entries.set(key, hit); // most recently used goes last
    return hit;
  }

  /** The version of the matrix held under `key`, without touching its recency. */
  versionOf(key: string): number | undefined {
    return this.entries.get(key)?.version;
  }

  set(key: string, m: VectorMatrix): void {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.values.byteLength;
      this.entries.delete(key);
    }
    if (m.values.byteLength > this.maxBytes) return;
    this.entries.set(key, m);
    this.bytes += m.values.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.values.byteLength;
    }
  }
}
