import type {
  CategoryEntry,
  MessageDbCatalog,
  StreamEntry,
} from "../../adapters/messagedb/catalog.js";
import { encodeJson } from "../../core/json-codec.js";
import {
  categoryOf,
  type Domain,
  type EventStore,
  idOf,
  type JsonObject,
} from "../../core/store-kit.js";
import { StateRebuilder } from "../model/rebuild.js";
import { type BridgeInfo, toWire, type WireState } from "./wire.js";

/** A refused request: its status and a message naming the field. */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the bridge reads from: the store, its catalog, and the app's domain when there is one. */
export interface BridgeSource {
  readonly store: EventStore;
  readonly catalog: MessageDbCatalog;
  readonly domain: Domain | undefined;
  readonly name: string;
  readonly database: string;
}

const MAX_PAGE = 5000;

function integer(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new BadRequest(400, `${name} must be an integer from ${min} to ${max}, got "${raw}".`);
  return value;
}

function text(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new BadRequest(400, `${name} is required.`);
  if (value.length > 1000) throw new BadRequest(400, `${name} is longer than 1000 characters.`);
  return value;
}

const limit = (params: URLSearchParams, fallback: number) =>
  integer(params, "limit", fallback, 1, MAX_PAGE);

/** Answers a GET under /api/ (every route reads; none writes or takes SQL). */
export async function answer(
  source: BridgeSource,
  path: string,
  params: URLSearchParams,
): Promise<unknown> {
  const { store, catalog } = source;
  switch (path) {
    case "/api/info": {
      const stats = await catalog.stats();
      const info: BridgeInfo = {
        name: source.name,
        mode: source.domain ? "domain" : "store",
        database: source.database,
        ...stats,
      };
      return info;
    }
    case "/api/categories": {
      const after = params.get("after") ?? "";
      const page: CategoryEntry[] = await catalog.categories({ after, limit: limit(params, 100) });
      return { categories: page, next: page.length > 0 ? page.at(-1)?.category : null };
    }
    case "/api/streams": {
      const category = text(params, "category");
      const size = limit(params, 100);
      const page: StreamEntry[] = await catalog.streams(category, {
        after: integer(params, "after", 0),
        limit: size,
      });
      const last = page.at(-1);
      return {
        streams: page,
        next: page.length === size && last ? last.firstGlobalPosition : null,
      };
    }
    case "/api/stream": {
      const name = text(params, "name");
      const from = integer(params, "from", 0);
      const size = limit(params, 1000);
      const messages = await store.readStream(name, {
        fromPosition: from,
        toPosition: from + size - 1,
        batchSize: size,
      });
      return { messages: messages.map(toWire) };
    }
    case "/api/last": {
      const type = params.get("type");
      const message = await store.lastMessage(text(params, "name"), type ? { type } : {});
      return { message: message ? toWire(message) : null };
    }
    case "/api/category": {
      const messages = await store.readCategory(text(params, "name"), {
        fromGlobalPosition: integer(params, "from", 1, 1),
        batchSize: limit(params, 1000),
      });
      return { messages: messages.map(toWire) };
    }
    case "/api/feed": {
      const size = limit(params, 500);
      const before = params.has("before") ? integer(params, "before", 0) : undefined;
      const messages = await catalog.feed(
        before === undefined
          ? { after: integer(params, "after", 0), limit: size }
          : { before, limit: size },
      );
      return { messages: messages.map(toWire) };
    }
    case "/api/state":
      return state(source, text(params, "stream"), params);
    default:
      throw new BadRequest(404, `No route ${path}.`);
  }
}

/** The state at a version, rebuilt with the app's own apply handlers (only the app has them). */
async function state(
  source: BridgeSource,
  streamName: string,
  params: URLSearchParams,
): Promise<WireState> {
  if (!source.domain)
    throw new BadRequest(
      404,
      "State needs the app's apply handlers: this bridge has no app. Call serveDevtools(domain) inside the app to see states.",
    );
  const category = categoryOf(streamName);
  const Class = source.domain.aggregateClasses.get(category);
  if (!Class)
    throw new BadRequest(
      404,
      `stream: no aggregate of ${source.domain.name} has category "${category}".`,
    );
  const version = integer(params, "version", Number.MAX_SAFE_INTEGER);
  const messages = await source.store.readStream(
    streamName,
    version === Number.MAX_SAFE_INTEGER ? {} : { toPosition: version },
  );
  const rebuilt = new StateRebuilder(Class, idOf(streamName) ?? "", messages).stateAt(
    Math.min(version, messages.length - 1),
  );
  const { json, types } = encodeJson(rebuilt.state);
  return {
    streamName,
    version: rebuilt.version,
    json: json as JsonObject,
    types: types ?? null,
    failure: rebuilt.failure ?? null,
  };
}
