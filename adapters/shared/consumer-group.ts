import { md5 } from "js-md5";
import { idOf } from "../../core/store-kit.js";

/**
 * MessageDB's `hash_64`: the first 64 bits of the md5 of the value, as a signed bigint.
 * Stores that are not MessageDB use it so a stream lands on the same consumer group member
 * in every store.
 */
export function hash64(value: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${md5(value).slice(0, 16)}`));
}

/** MessageDB's `cardinal_id`: the stream id up to its first `+`. */
export function cardinalId(stream: string): string | undefined {
  return idOf(stream)?.split("+")[0];
}

/** The member a stream belongs to: `MOD(@hash_64(cardinal_id(stream)), size)`, as MessageDB computes it. */
export function consumerGroupMemberOf(stream: string, size: number): number {
  const id = cardinalId(stream);
  if (id === undefined) return 0;
  const hash = hash64(id);
  return Number((hash < 0n ? -hash : hash) % BigInt(size));
}
