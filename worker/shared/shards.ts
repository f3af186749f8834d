/**
 * Spreads keys over a fixed set of Durable Objects: one object per key would leave a storage
 * file per user locally, one object for everything would serialise all traffic.
 */
export function shardFor<T extends Rpc.DurableObjectBranded>(ns: DurableObjectNamespace<T>, key: string, shards: number): DurableObjectStub<T> {
  // FNV-1a: cheap, stable, well spread for short keys.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Stubs are made per call: a stub is bound to the request that created it.
  return ns.get(ns.idFromName(`shard-${(h >>> 0) % shards}`));
}
