import { ConfigurationError, UsageError } from "./errors.js";
import { type DomainEvent, type EventType, eventTypeOf } from "./event.js";
import type { Message, MessageMetadata } from "./event-store.js";
import { NO_STREAM } from "./expected-version.js";
import { uuid } from "./id.js";
import { reviveJson, type TypeTags } from "./json-codec.js";
import { type ObjectSchema, type SchemaInput, type SchemaOutput, validateSync } from "./schema.js";
import { schemaDefaults } from "./schema-defaults.js";
import type { Tap } from "./tap.js";

/** The metadata key listing the paths of Date/BigInt/Map/Set values in a message's data. */
export const TYPES_METADATA_KEY = "strataTypes";

/** What an apply handler learns about the event besides its data. */
export interface AppliedEvent {
  readonly type: string;
  /** The event's position in its stream: the aggregate's version once it is applied. */
  readonly position: number;
  readonly metadata?: Readonly<MessageMetadata> | null | undefined;
  /** When the event was stored; undefined while it is pending. */
  readonly time?: Date | undefined;
  readonly globalPosition?: number | undefined;
}

/** An event raised but not yet stored, with the version the stream must be at to store it. */
export interface PendingEvent {
  readonly event: DomainEvent;
  readonly expectedVersion: number;
}

// biome-ignore lint/suspicious/noExplicitAny: handlers are stored untyped and called with matching data
type AnyHandler = (aggregate: any, data: any, event: AppliedEvent) => void;

/** Only Strata constructs aggregates (`create`, `get`): the constructor asks for this token. */
export const CONSTRUCT: unique symbol = Symbol("strata.construct");

interface AggregateInternals {
  pending(aggregate: AggregateRoot): PendingEvent[];
  setVersion(aggregate: AggregateRoot, version: number): void;
  lastSnapshotVersion(aggregate: AggregateRoot): number;
  setLastSnapshotVersion(aggregate: AggregateRoot, version: number): void;
  markReadOnly(aggregate: AggregateRoot): void;
  replay(aggregate: AggregateRoot, messages: readonly Message[]): void;
}

let internals: AggregateInternals;

function isMutable(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  // `freeze` does not reach the internal slots that setTime, set and add write.
  if (value instanceof Date || value instanceof Map || value instanceof Set) return true;
  return !Object.isFrozen(value);
}

/**
 * A copy of a state (an aggregate's own properties) that later changes to the original cannot
 * reach. Frozen values (event data, stored messages) cannot change, so a shallow copy suffices
 * unless a mutable object is present.
 */
export function copyState(state: object): Record<string, unknown> {
  for (const value of Object.values(state)) {
    if (isMutable(value)) return structuredClone({ ...state });
  }
  return { ...state };
}

/** Writable view of an aggregate, given to apply handlers: the only place state changes. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The base of every event-sourced aggregate. State lives in the aggregate's own properties,
 * changes only through apply handlers, and `_version` is the position of the last applied event
 * (-1 before the first). Classes come from `domain.eventSourcedAggregate`, never `new`.
 *
 * @example
 * class User extends identity.eventSourcedAggregate("User", z.object({ email: z.string() })) {
 *   static register(email: string) { const u = User.create({ email }); u.raise(Registered({ email })); return u; }
 *   static { this.applyEvent(Registered, (user, e) => { user.email = e.email; }); }
 * }
 */
export abstract class AggregateRoot<DomainName extends string = string> {
  #version: number = NO_STREAM;
  #lastSnapshotVersion: number = NO_STREAM;
  #pending: PendingEvent[] = [];
  #readOnly = false;

  static {
    internals = {
      pending: (a) => a.#pending,
      setVersion: (a, v) => {
        a.#version = v;
      },
      lastSnapshotVersion: (a) => a.#lastSnapshotVersion,
      setLastSnapshotVersion: (a, v) => {
        a.#lastSnapshotVersion = v;
      },
      markReadOnly: (a) => {
        a.#readOnly = true;
      },
      replay: (a, messages) => a.#replay(messages),
    };
  }

  constructor(token: typeof CONSTRUCT) {
    if (token !== CONSTRUCT) {
      throw new UsageError(
        `Do not call new on an aggregate: use ${new.target.name}.create({...}) or repository.get(id).`,
      );
    }
  }

  /** The aggregate's identity (its stream is `category-id`): `id`, or the field named `identifier`. */
  declare readonly id: string;

  /** Position of the last event applied; -1 for an aggregate with no events. */
  get _version(): number {
    return this.#version;
  }

  /** Events raised since the aggregate was loaded or last added. */
  get pendingEvents(): readonly PendingEvent[] {
    return this.#pending;
  }

  /** True for aggregates loaded at a past version (`atVersion`, `asOf`): they refuse `raise`. */
  get isReadOnly(): boolean {
    return this.#readOnly;
  }

  /**
   * Applies the event through its handler and, only if that succeeds, records it as pending.
   * A throwing or missing handler leaves the aggregate exactly as it was.
   *
   * @example
   * user.raise(Renamed({ firstName: "Ada" })); // user._version + 1, one more pending event
   */
  raise(event: DomainEvent<string, Record<string, unknown>, DomainName>): void {
    const definition = this.constructor as unknown as AggregateDefinition;
    if (this.#readOnly) {
      throw new UsageError(
        `${definition.aggregateName} "${this.id}" was loaded at a past version and is read-only: load it without atVersion/asOf to raise events.`,
      );
    }
    const handler = definition.handlers.get(event?.type);
    if (!handler) {
      throw new UsageError(
        `${definition.aggregateName} has no apply handler for event "${event?.type}": register one with static { this.applyEvent(${event?.type}, (aggregate, data) => { ... }) }.`,
      );
    }
    if (eventTypeOf(event) !== definition.eventTypes.get(event.type)) {
      throw new UsageError(
        `${definition.aggregateName} (domain "${definition.domainName}") cannot raise this "${event.type}" event: it was not made by the event type its apply handler is registered for${event.domain === undefined ? "" : ` (it comes from domain "${event.domain}")`}. Make events with the event types of the aggregate's own domain.`,
      );
    }
    const saved = copyState(this);
    try {
      handler(this, event.data, {
        type: event.type,
        position: this.#version + 1,
        metadata: event.metadata,
      });
    } catch (error) {
      definition.tap?.applyFailed(
        definition.aggregateName,
        { ...event, position: this.#version + 1 },
        error,
      );
      for (const key of Object.keys(this))
        if (!(key in saved)) delete (this as Record<string, unknown>)[key];
      Object.assign(this, saved);
      throw error;
    }
    this.#pending.push({ event, expectedVersion: this.#version });
    this.#version += 1;
  }

  /** The aggregate's state as a plain object (its own enumerable properties). */
  toJSON(): Record<string, unknown> {
    return { ...this } as Record<string, unknown>;
  }

  #replay(messages: readonly Message[]): void {
    const count = messages.length;
    if (count === 0) return;
    const definition = this.constructor as unknown as AggregateDefinition;
    const handlers = definition.handlers;
    // Streams mostly repeat a few event types: remember the last lookup. The try encloses the
    // loop rather than each call, and the missing-handler error is thrown after it, so the
    // loop body is the lookup, the call and a metadata check.
    let lastType: string | undefined;
    let handler: AnyHandler | undefined;
    let i = 0;
    try {
      for (; i < count; i++) {
        const message = messages[i] as Message;
        if (message.type !== lastType) {
          lastType = message.type;
          handler = handlers.get(lastType);
          if (handler === undefined) break;
        }
        const metadata = message.metadata;
        const types =
          metadata == null ? undefined : (metadata[TYPES_METADATA_KEY] as TypeTags | undefined);
        (handler as AnyHandler)(
          this,
          types === undefined ? message.data : reviveJson(message.data, types),
          message,
        );
      }
    } catch (error) {
      definition.tap?.applyFailed(definition.aggregateName, messages[i] as Message, error);
      throw error;
    }
    if (i < count) {
      const message = messages[i] as Message;
      throw new UsageError(
        `Stream ${message.streamName} holds event "${message.type}" at position ${message.position}, but ${definition.aggregateName} has no apply handler for it.`,
      );
    }
    this.#version = (messages[count - 1] as Message).position;
  }
}

export { internals as aggregateInternals };

/** Static side shared by every aggregate class, used by repositories. */
export interface AggregateDefinition {
  readonly aggregateName: string;
  readonly streamCategory: string;
  readonly schema: ObjectSchema;
  readonly schemaVersion: number;
  readonly snapshotThreshold: number | undefined;
  readonly identifier: string;
  /** True when Strata adds the `id` field (no identifier named in the options). */
  readonly generatesId: boolean;
  readonly handlers: ReadonlyMap<string, AnyHandler>;
  /** The event types the handlers are registered for, by type name. */
  readonly eventTypes: ReadonlyMap<string, EventType>;
  readonly domainName: string;
  /** State a rebuilt aggregate starts from; copied for each instance. */
  readonly initialState: Readonly<Record<string, unknown>>;
  /** What a load does with stored event types the aggregate has no handler for. */
  readonly unknownEvents?: "error" | "skip";
  /** The domain's tap, told when an apply handler throws. */
  readonly tap?: Tap | undefined;
}

/** Options of `domain.eventSourcedAggregate`. */
export interface AggregateOptions<
  Identifier extends string | undefined = undefined,
  State = Record<string, unknown>,
> {
  /** Stream category; defaults to the camelCased name. May not contain "-". */
  streamCategory?: string;
  /** Snapshot every N events for this aggregate; overrides the domain's threshold. */
  snapshotThreshold?: number;
  /** A schema field that identifies the aggregate; without it an `id` (uuid) is added. */
  identifier?: Identifier;
  /** Version of the state schema, stored with snapshots; bump it to retire old snapshots. */
  schemaVersion?: number;
  /**
   * State an aggregate starts from when it is rebuilt from its events (before the first one is
   * applied). Defaults to the schema's output for `{}` when the schema accepts it (its defaults).
   */
  initialState?: Partial<State>;
  /**
   * What a load does with an event type the aggregate has no apply handler for: `"error"`
   * (default: an error naming the type and stream) or `"skip"` (ignore it; it still counts
   * towards `_version`).
   */
  unknownEvents?: "error" | "skip";
}

/** The state of an aggregate defined with `schema`, with `id` added unless an identifier is named. */
export type AggregateState<S extends ObjectSchema, Identifier> = [Identifier] extends [undefined]
  ? SchemaOutput<S> & { id: string }
  : SchemaOutput<S>;

/** What `create` of an aggregate defined with `schema` accepts: the schema's input, plus an optional `id` unless an identifier is named. */
export type AggregateInput<S extends ObjectSchema, Identifier> = [Identifier] extends [undefined]
  ? SchemaInput<S> & { id?: string }
  : SchemaInput<S>;

/** Any aggregate class: what repositories accept. */
export type AnyAggregateClass = AggregateDefinition &
  (abstract new (
    token: typeof CONSTRUCT,
  ) => AggregateRoot);

/**
 * The class returned by `domain.eventSourcedAggregate`: extend it, add command methods, and
 * register apply handlers in a static block.
 */
export interface AggregateClass<State, Input, DomainName extends string = string>
  extends AggregateDefinition {
  new (token: typeof CONSTRUCT): AggregateRoot<DomainName> & Readonly<State>;
  /** Makes a new aggregate (version -1) from validated input. */
  create<C extends AnyAggregateClass>(this: C, input: Input): InstanceType<C>;
  /**
   * Registers the handler that applies an event type to the aggregate's state.
   *
   * @example
   * static { this.applyEvent(Registered, (user, data) => { user.email = data.email; }); }
   */
  applyEvent<C extends AnyAggregateClass, D>(
    this: C,
    event: EventType<string, never, D, DomainName>,
    handler: (aggregate: Writable<InstanceType<C>>, data: D, event: AppliedEvent) => void,
  ): void;
}

/** Makes an aggregate of a class with only its id set (`create` and snapshots add the state). */
export function instantiate<C extends AnyAggregateClass>(Class: C, id: string): InstanceType<C> {
  const ctor = Class as unknown as new (token: typeof CONSTRUCT) => InstanceType<C>;
  const aggregate = new ctor(CONSTRUCT);
  (aggregate as Record<string, unknown>)[Class.identifier] = id;
  return aggregate;
}

/**
 * Copies `state` onto an aggregate fresh from `instantiate`, in one key order whichever way the
 * aggregate is made: the initial state's keys first (as a replay starts), then the keys of
 * `order`, then the rest. Instances of a class made by `create`, a snapshot or a replay then add
 * their properties in the same order and share V8's hidden classes, which keeps the apply
 * handlers' property accesses monomorphic: with an order per path, replay took twice as long.
 */
export function assignState(
  aggregate: AggregateRoot,
  Class: AnyAggregateClass,
  state: Readonly<Record<string, unknown>>,
  order: readonly string[] = [],
): void {
  const target = aggregate as unknown as Record<string, unknown>;
  for (const key in Class.initialState) if (Object.hasOwn(state, key)) target[key] = state[key];
  for (const key of order) {
    if (Object.hasOwn(state, key) && !Object.hasOwn(Class.initialState, key)) {
      target[key] = state[key];
    }
  }
  for (const key of Object.keys(state)) {
    if (!Object.hasOwn(Class.initialState, key) && !order.includes(key)) target[key] = state[key];
  }
}

/** An aggregate about to be rebuilt from its first event: its id and its initial state. */
export function instantiateBlank<C extends AnyAggregateClass>(
  Class: C,
  id: string,
): InstanceType<C> {
  const aggregate = instantiate(Class, id);
  const initial = Class.initialState;
  for (const key in initial) {
    const value = initial[key];
    (aggregate as Record<string, unknown>)[key] =
      value !== null && typeof value === "object" ? structuredClone(value) : value;
  }
  (aggregate as Record<string, unknown>)[Class.identifier] = id;
  return aggregate;
}

/** Where an aggregate is defined: its domain's name, and a test that an event type is the domain's own. */
export interface AggregateOwner<DomainName extends string> {
  readonly domainName: DomainName;
  ownsEventType(eventType: EventType): boolean;
}

export function defineAggregate<
  S extends ObjectSchema,
  Identifier extends string | undefined,
  DomainName extends string,
>(
  owner: AggregateOwner<DomainName>,
  name: string,
  category: string,
  schema: S,
  options: AggregateOptions<Identifier, SchemaOutput<S>>,
  tap?: Tap,
): AggregateClass<AggregateState<S, Identifier>, AggregateInput<S, Identifier>, DomainName> {
  const { domainName } = owner;
  const identifier = options.identifier ?? "id";
  const autoId = options.identifier === undefined;
  const subject = `aggregate ${name}`;
  const handlers = new Map<string, AnyHandler>();
  const eventTypes = new Map<string, EventType>();

  abstract class Aggregate extends AggregateRoot {
    static readonly aggregateName = name;
    static readonly streamCategory = category;
    static readonly schema = schema;
    static readonly schemaVersion = options.schemaVersion ?? 1;
    static readonly snapshotThreshold = options.snapshotThreshold;
    static readonly identifier = identifier;
    static readonly generatesId = autoId;
    static readonly handlers = handlers;
    static readonly eventTypes = eventTypes;
    static readonly domainName = domainName;
    static readonly unknownEvents = options.unknownEvents ?? "error";
    static readonly tap = tap;
    static readonly initialState = Object.freeze({
      ...schemaDefaults(schema),
      ...options.initialState,
    });

    static create(this: AnyAggregateClass, input: Record<string, unknown>): AggregateRoot {
      const { id: givenId, ...rest } = (input ?? {}) as Record<string, unknown>;
      const state = validateSync(schema, autoId ? rest : input, subject);
      let id: unknown = autoId ? (givenId ?? uuid()) : state[identifier];
      if (typeof id === "number") id = String(id);
      if (typeof id !== "string" || id.length === 0) {
        throw new ConfigurationError(
          `${name}.create: the identifier "${identifier}" must be a non-empty string, got ${JSON.stringify(id)}.`,
        );
      }
      const aggregate = instantiate(this, id as string);
      assignState(aggregate, this, state);
      return aggregate;
    }

    static applyEvent(event: EventType, handler: AnyHandler): void {
      if (typeof handler !== "function") {
        throw new ConfigurationError(
          `${name}.applyEvent(${event?.type}, handler): the handler must be a function (aggregate, data, event) => void.`,
        );
      }
      if (!owner.ownsEventType(event)) {
        throw new ConfigurationError(
          `${name} (domain "${domainName}") cannot apply event "${event?.type}"${event?.domain === undefined ? "" : ` of domain "${event.domain}"`}: define the event with ${domainName}.event(...), the domain the aggregate belongs to.`,
        );
      }
      if (handlers.has(event.type)) {
        throw new ConfigurationError(
          `${name} already has an apply handler for event "${event.type}".`,
        );
      }
      handlers.set(event.type, handler);
      eventTypes.set(event.type, event);
    }
  }
  if (!autoId) {
    Object.defineProperty(Aggregate.prototype, "id", {
      get(this: Record<string, unknown>) {
        return String(this[identifier]);
      },
    });
  }
  return Aggregate as unknown as AggregateClass<
    AggregateState<S, Identifier>,
    AggregateInput<S, Identifier>,
    DomainName
  >;
}
