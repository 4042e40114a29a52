import type { MessageMetadata } from "./event-store.js";
import type { ObjectSchema, SchemaInput, SchemaOutput } from "./schema.js";
import { validateSync } from "./schema.js";
import { checkUpcasters, type Upcasters } from "./upcast.js";
import { assertStorable } from "./value-contract.js";

/** The schema's output, once it is known every store can keep it as it is. */
function storable<T>(data: T, subject: string): T {
  assertStorable(data, subject);
  return data;
}

/** Links an event to the event type that made it, so only its own domain's aggregates accept it. */
const EVENT_TYPE = Symbol("strata.eventType");

/** The event type that made an event, or undefined for an object no event type made. */
export function eventTypeOf(event: DomainEvent): EventType | undefined {
  return (event as unknown as Record<symbol, EventType | undefined>)[EVENT_TYPE];
}

/** An event raised by an aggregate: immutable, validated when it was made. */
export interface DomainEvent<
  Type extends string = string,
  Data = Record<string, unknown>,
  DomainName extends string = string,
> {
  readonly type: Type;
  readonly data: Readonly<Data>;
  readonly schemaVersion: number;
  readonly metadata: Readonly<MessageMetadata> | undefined;
  /** The name of the domain whose event type made the event. */
  readonly domain: DomainName;
}

/** Options for one event instance: Eventide metadata such as `correlationStreamName`. */
export interface EventOptions {
  metadata?: MessageMetadata;
}

/**
 * An event type made by `domain.event`: call it to make a validated, frozen event.
 *
 * @example
 * const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
 * const e = Registered({ email: "ada@example.com" }); // e.data.email is typed
 */
export interface EventType<
  Type extends string = string,
  Input = never,
  Data = Record<string, unknown>,
  DomainName extends string = string,
> {
  (input: Input, options?: EventOptions): DomainEvent<Type, Data, DomainName>;
  readonly type: Type;
  readonly schema: ObjectSchema;
  readonly schemaVersion: number;
  /** The name of the domain that defined the event type. */
  readonly domain: DomainName;
  /** How stored older versions of this event become the current shape on read. */
  readonly upcasters?: Upcasters | undefined;
}

/** Options of `domain.event`. */
export interface EventTypeOptions {
  /** The version events are written at (default 1), stored as `metadata.schemaVersion` when not 1. */
  version?: number;
  /**
   * Upcasters by the version they read: `{ 1: (v1) => v2, 2: (v2) => v3 }`. The chain is checked
   * when the event type is defined; stored events keep their data and are upcast on every read.
   */
  upcasters?: Upcasters;
}

/**
 * The data type of an event type, as handlers receive it.
 *
 * @example
 * type RegisteredData = EventData<typeof Registered>; // { email: string }
 */
export type EventData<E> = E extends EventType<string, never, infer D, string> ? D : never;

/**
 * What an event type's factory accepts (before schema defaults and transforms).
 *
 * @example
 * type RegisteredInput = EventInput<typeof Registered>;
 */
export type EventInput<E> = E extends EventType<string, infer I, unknown, string> ? I : never;

/**
 * Freezes an object and everything in it, so stored history and raised events cannot change.
 * Date, Map and Set keep their internal slots writable whatever `freeze` says, so they are left
 * as they are rather than pretending otherwise.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    if (value instanceof Date || value instanceof Map || value instanceof Set) return value;
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function defineEventType<
  Type extends string,
  S extends ObjectSchema,
  DomainName extends string,
>(
  domain: DomainName,
  type: Type,
  schema: S,
  schemaVersion: number,
  upcasters?: Upcasters,
): EventType<Type, SchemaInput<S>, SchemaOutput<S>, DomainName> {
  checkUpcasters(type, schemaVersion, upcasters);
  const subject = `event ${type}`;
  const make = (
    input: SchemaInput<S>,
    options?: EventOptions,
  ): DomainEvent<Type, SchemaOutput<S>, DomainName> =>
    Object.freeze({
      type,
      data: deepFreeze(storable(validateSync(schema, input, subject), subject)),
      schemaVersion,
      metadata: options?.metadata ? Object.freeze({ ...options.metadata }) : undefined,
      domain,
      [EVENT_TYPE]: eventType,
    });
  const eventType = Object.defineProperties(make, {
    type: { value: type, enumerable: true },
    schema: { value: schema, enumerable: true },
    schemaVersion: { value: schemaVersion, enumerable: true },
    domain: { value: domain, enumerable: true },
    upcasters: { value: upcasters ? Object.freeze({ ...upcasters }) : undefined, enumerable: true },
    name: { value: type },
  }) as EventType<Type, SchemaInput<S>, SchemaOutput<S>, DomainName>;
  return eventType;
}
