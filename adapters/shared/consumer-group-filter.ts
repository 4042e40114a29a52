import {
  categoryOf,
  type Message,
  type ReadCategoryOptions,
  UsageError,
} from "../../core/store-kit.js";

/** Checks consumer group options as MessageDB does, with the same wording. */
export function assertConsumerGroup(options: ReadCategoryOptions): void {
  const { consumerGroupMember: member, consumerGroupSize: size } = options;
  if ((member === undefined) !== (size === undefined)) {
    throw new UsageError(
      `Consumer group member and size must be specified (Consumer Group Member: ${member}, Consumer Group Size: ${size})`,
    );
  }
  if (member === undefined || size === undefined) return;
  if (size < 1)
    throw new UsageError(
      `Consumer group size must not be less than 1 (Consumer Group Size: ${size})`,
    );
  if (member < 0)
    throw new UsageError(
      `Consumer group member must not be less than 0 (Consumer Group Member: ${member})`,
    );
  if (member >= size) {
    throw new UsageError(
      `Consumer group member must be less than the group size (Consumer Group Member: ${member}, Consumer Group Size: ${size})`,
    );
  }
}

/**
 * A predicate that keeps a category's messages as `get_category_messages` would (correlation,
 * consumer group). The MD5 behind consumer groups (MessageDB's `hash_64`) is loaded only when a
 * read asks for a group, so apps that never use one do not ship it.
 */
export async function categoryFilter(
  options: ReadCategoryOptions,
): Promise<(message: Message) => boolean> {
  assertConsumerGroup(options);
  const { correlation, consumerGroupMember: member, consumerGroupSize: size } = options;
  const memberOf =
    size === undefined ? undefined : (await import("./consumer-group.js")).consumerGroupMemberOf;
  return (message) => {
    if (correlation !== undefined) {
      const correlated = message.metadata?.correlationStreamName;
      if (typeof correlated !== "string" || categoryOf(correlated) !== correlation) return false;
    }
    if (memberOf !== undefined && member !== undefined && size !== undefined) {
      return memberOf(message.streamName, size) === member;
    }
    return true;
  };
}
