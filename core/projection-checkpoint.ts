import { TYPES_METADATA_KEY } from "./aggregate.js";
import { isExpectedVersionError } from "./errors.js";
import type { EventStore, Message, StreamAppend } from "./event-store.js";
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
  /** The stream's version as this instance last saw it (read or written); undefined before. */
  #version: number | undefined;
  /** The stream's last message as this instance last saw it, decoded (a covering one skips a save). */
  #last: { type: string; checkpoint: Checkpoint<unknown> } | undefined;

  constructor(
    private readonly store: EventStore,
    readonly streamName: string,
  ) {}

  /** The stream's version as this instance last saw it (read or written); undefined before. */
  get version(): number | undefined {
    return this.#version;
  }

  /** The id of the last checkpoint this instance wrote (or is writing). */
  #lastOwnId: string | undefined;

  /** True when `messages` hold a checkpoint of this stream that another writer appended since this instance last looked. */
  movedBy(messages: readonly Message[]): boolean {
    return messages.some(
      (m) =>
        m.streamName === this.streamName &&
        m.id !== this.#lastOwnId &&
        m.position > (this.#version ?? -1),
    );
  }

  /** The append of `checkpoint` expecting the stream at `expectedVersion` (an inline commit's part). */
  appendOf<View>(
    type: string,
    checkpoint: Checkpoint<View>,
    expectedVersion: number,
  ): StreamAppend {
    const { json, types } = encodeJson(checkpoint);
    this.#lastOwnId = uuid();
    return {
      streamName: this.streamName,
      messages: [
        {
          id: this.#lastOwnId,
          type,
          data: json,
          metadata: types ? { [TYPES_METADATA_KEY]: types } : undefined,
        },
      ],
      expectedVersion,
    };
  }

  /** Records a checkpoint written by an append made elsewhere (an inline commit). */
  saved<View>(type: string, checkpoint: Checkpoint<View>, position: number): void {
    this.#version = position;
    this.#last = { type, checkpoint };
  }

  async load<View>(type: string): Promise<Checkpoint<View> | null> {
    // The stream's last message tells its version (saves expect it) and is usually the one asked.
    const last = await this.store.lastMessage(this.streamName);
    this.#seen(last);
    if (!last) return null;
    if (last.type === type) return decode<View>(last);
    const ofType = await this.store.lastMessage(this.streamName, { type });
    return ofType ? decode<View>(ofType) : null;
  }

  /**
   * Appends `checkpoint` expecting the stream where this instance last saw it. When another
   * writer got there first (the same projection in another tab or process) and its checkpoint
   * of the same type `covers` this one, nothing is written: the stored view is at least as far,
   * and a copy would only grow the stream. Otherwise it appends after that writer's. Resolves to
   * whether it wrote.
   */
  async save<View>(
    type: string,
    checkpoint: Checkpoint<View>,
    covers: (stored: Checkpoint<View>) => boolean,
  ): Promise<boolean> {
    // Seen already: another instance saved this far while this one was still folding.
    if (this.#covered(type, covers)) return false;
    for (;;) {
      const expectedVersion = this.#version ?? (await this.store.streamVersion(this.streamName));
      try {
        const [result] = await this.store.append([
          this.appendOf(type, checkpoint, expectedVersion),
        ]);
        this.#version = result?.position;
        this.#last = { type, checkpoint };
        return true;
      } catch (error) {
        if (!isExpectedVersionError(error)) throw error;
        this.#seen(await this.store.lastMessage(this.streamName));
        if (this.#covered(type, covers)) return false;
      }
    }
  }

  /**
   * Appends `checkpoint` only if the stream is where this instance last saw it (an inline
   * projection builds on the stored view, never beside it). False when another writer got there first.
   */
  async saveExact<View>(type: string, checkpoint: Checkpoint<View>): Promise<boolean> {
    const expectedVersion = this.#version ?? (await this.store.streamVersion(this.streamName));
    try {
      const [result] = await this.store.append([this.appendOf(type, checkpoint, expectedVersion)]);
      this.saved(type, checkpoint, result?.position ?? expectedVersion + 1);
      return true;
    } catch (error) {
      if (!isExpectedVersionError(error)) throw error;
      return false;
    }
  }

  #seen(last: Message | null): void {
    this.#version = last ? last.position : -1;
    this.#last = last ? { type: last.type, checkpoint: decode(last) } : undefined;
  }

  #covered<View>(type: string, covers: (stored: Checkpoint<View>) => boolean): boolean {
    const last = this.#last;
    return last !== undefined && last.type === type && covers(last.checkpoint as Checkpoint<View>);
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
