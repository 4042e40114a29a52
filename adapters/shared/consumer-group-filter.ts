import {
  categoryOf,
  type Message,
  type ReadCategoryOptions,
  UsageError,
} from "../../core/store-kit.js";
import { consumerGroupMemberOf } from "./consumer-group.js";

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

/** A predicate that keeps a category's messages as `get_category_messages` would (correlation, consumer group). */
export function categoryFilter(options: ReadCategoryOptions): (message: Message) => boolean {
  assertConsumerGroup(options);
  const { correlation, consumerGroupMember: member, consumerGroupSize: size } = options;
  return (message) => {
    if (correlation !== undefined) {
      const correlated = message.metadata?.correlationStreamName;
      if (typeof correlated !== "string" || categoryOf(correlated) !== correlation) return false;
    }
    if (member !== undefined && size !== undefined) {
      return consumerGroupMemberOf(message.streamName, size) === member;
    }
    return true;
  };
}
