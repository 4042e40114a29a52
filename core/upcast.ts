import type { AnyAggregateClass } from "./aggregate.js";
import { TYPES_METADATA_KEY } from "./aggregate.js";
import { ConfigurationError, UsageError } from "./errors.js";
import type { EventType } from "./event.js";
import type { Message } from "./event-store.js";
import { type JsonObject, reviveJson, type TypeTags } from "./json-codec.js";

/**
 * Turns the data of an event stored at one version into the shape of the next version.
 * Upcasters run on read only: stored data stays as it was written, for other MessageDB clients.
 */
// biome-ignore lint/suspicious/noExplicitAny: each step takes the previous version's shape, which only the app knows
export type Upcaster = (data: any) => Record<string, unknown>;

/** Upcasters of an event type, by the version they read: `{ 1: v1ToV2, 2: v2ToV3 }`. */
export type Upcasters = Readonly<Record<number, Upcaster>>;

/**
 * Checks an event type's upcaster chain when it is defined: every step from the oldest one given
 * to `version - 1`, each a function, none at or past `version`.
 */
export function checkUpcasters(
  type: string,
  version: number,
  upcasters: Upcasters | undefined,
): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new ConfigurationError(
      `Event "${type}": version must be an integer >= 1, got ${version}.`,
    );
  }
  if (upcasters === undefined) return;
  const steps = Object.keys(upcasters).map(Number);
  for (const step of steps) {
    if (!Number.isInteger(step) || step < 1 || step >= version) {
      throw new ConfigurationError(
        `Event "${type}" is at version ${version}: upcasters are keyed by the version they read, 1 to ${version - 1}; got ${JSON.stringify(String(step))}.`,
      );
    }
    if (typeof upcasters[step] !== "function") {
      throw new ConfigurationError(
        `Event "${type}": the upcaster from version ${step} is not a function.`,
      );
    }
  }
  const oldest = Math.min(...steps);
  for (let v = oldest; v < version; v++) {
    if (!(v in upcasters)) {
      throw new ConfigurationError(
        `Event "${type}" has upcasters from version ${oldest} to ${version}, but none from version ${v} to ${v + 1}: the chain must be complete.`,
      );
    }
  }
}

const storedVersion = (message: Message): unknown => message.metadata?.schemaVersion ?? 1;

function upcast(eventType: EventType, message: Message): Message {
  const from = storedVersion(message);
  if (from === eventType.schemaVersion) return message;
  const upcasters = eventType.upcasters;
  if (typeof from !== "number" || from > eventType.schemaVersion || !upcasters?.[from]) {
    throw new UsageError(
      `Stream ${message.streamName} holds event "${message.type}" at position ${message.position} with schemaVersion ${JSON.stringify(from)}, and event type "${eventType.type}" (version ${eventType.schemaVersion}) has no upcaster from it.`,
    );
  }
  const metadata = message.metadata ?? {};
  const tags = metadata[TYPES_METADATA_KEY] as TypeTags | undefined;
  let data: Record<string, unknown> = tags ? reviveJson(message.data, tags) : message.data;
  for (let v = from; v < eventType.schemaVersion; v++) data = (upcasters[v] as Upcaster)(data);
  const { [TYPES_METADATA_KEY]: _tags, ...rest } = metadata;
  return {
    ...message,
    data: data as JsonObject,
    metadata: { ...rest, schemaVersion: eventType.schemaVersion },
  };
}

/**
 * The messages an aggregate's handlers should see: stored older versions upcast to the current
 * shape, and event types the aggregate has no handler for dropped when it tolerates them
 * (`unknownEvents: "skip"`). Returns `messages` itself when there is nothing to do (the common
 * case: the hot path pays one map lookup per distinct type).
 */
export function prepareForReplay(
  Class: AnyAggregateClass,
  messages: readonly Message[],
): readonly Message[] {
  // The event types the handlers apply (registered by applyEvent) carry their upcasters.
  const types = Class.eventTypes;
  const skipUnknown = Class.unknownEvents === "skip";
  if (!skipUnknown && !hasUpcasters(types)) return messages;
  let lastType: string | undefined;
  let known = false;
  let eventType: EventType | undefined;
  let prepared: Message[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message;
    if (message.type !== lastType) {
      lastType = message.type;
      known = Class.handlers.has(lastType);
      eventType = types.get(lastType);
    }
    let next: Message | undefined = message;
    if (!known) {
      if (skipUnknown) next = undefined;
    } else if (eventType?.upcasters) {
      next = upcast(eventType, message);
    }
    if (next !== message && prepared === undefined) prepared = messages.slice(0, i);
    if (prepared !== undefined && next !== undefined) prepared.push(next);
  }
  return prepared ?? messages;
}

function hasUpcasters(types: ReadonlyMap<string, EventType>): boolean {
  for (const type of types.values()) if (type.upcasters) return true;
  return false;
}
