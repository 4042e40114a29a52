import { TYPES_METADATA_KEY } from "./aggregate.js";
import type { EventStore, Message } from "./event-store.js";
import { uuid } from "./id.js";
import { encodeJson, reviveJson, type TypeTags } from "./json-codec.js";
import type { Checkpoint } from "./projection-types.js";

/** Message types in a position stream: the served view, and a rebuild's progress. */
export const CHECKPOINT_TYPE = "Checkpoint";
export const REBUILD_TYPE = "Rebuild";

/**
 * Keeps a projection's view and positions together, one message per batch, in a MessageDB-style
 * position stream (`name:position-0`, `name:position-<member>` for a consumer group member; Eventide's typed-category naming). Reading
 * back is one `lastMessage`; a view and its positions can never be out of step.
 */
export class PositionStream {
  constructor(
    private readonly store: EventStore,
    readonly streamName: string,
  ) {}

  async load<View>(type: string): Promise<Checkpoint<View> | null> {
    const last = await this.store.lastMessage(this.streamName, { type });
    return last ? decode<View>(last) : null;
  }

  async save<View>(type: string, checkpoint: Checkpoint<View>): Promise<void> {
    const { json, types } = encodeJson(checkpoint);
    await this.store.append([
      {
        streamName: this.streamName,
        messages: [
          {
            id: uuid(),
            type,
            data: json,
            metadata: types ? { [TYPES_METADATA_KEY]: types } : undefined,
          },
        ],
        expectedVersion: null,
      },
    ]);
  }
}

function decode<View>(message: Message): Checkpoint<View> {
  const types = message.metadata?.[TYPES_METADATA_KEY] as TypeTags | undefined;
  const data = types ? reviveJson(message.data, types) : message.data;
  return data as unknown as Checkpoint<View>;
}

/** A message's data with Dates, Maps, Sets and BigInts restored, as handlers receive it. */
export function messageData(message: Message): Record<string, unknown> {
  const types = message.metadata?.[TYPES_METADATA_KEY] as TypeTags | undefined;
  return types ? reviveJson(message.data, types) : message.data;
}
