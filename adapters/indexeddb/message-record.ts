import type { Message } from "../../core/store-kit.js";
import type { MessageRecord } from "./schema.js";

/** A stored record as the `Message` the port returns (without the `category` column). */
export function toMessage(record: MessageRecord): Message {
  return {
    id: record.id,
    streamName: record.streamName,
    type: record.type,
    position: record.position,
    globalPosition: record.globalPosition,
    data: record.data,
    metadata: record.metadata,
    time: record.time,
  };
}
