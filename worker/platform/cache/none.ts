import type { Cache } from "./port";

/** Caching switched off (CACHE_DISABLED=true): every read misses. Used to measure what the cache buys. */
export class NoCache implements Cache {
  async get<T>(): Promise<T | null> {
    return null;
  }
  async set(): Promise<boolean> {
    return false;
  }
  async del(): Promise<void> {}
}
