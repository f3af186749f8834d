import { fnv1a } from "./hash";

/**
 * Spreads keys over a fixed set of Durable Objects: one object per key would leave a storage
 * file per user locally, one object for everything would serialise all traffic.
 */
export function shardFor<T extends Rpc.DurableObjectBranded>(ns: DurableObjectNamespace<T>, key: string, shards: number): DurableObjectStub<T> {
  // Stubs are made per call: a stub is bound to the request that created it.
  return ns.get(ns.idFromName(`shard-${fnv1a(key) % shards}`));
}
