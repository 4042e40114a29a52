import { TYPES_METADATA_KEY } from "../core/aggregate.js";
import { type DomainEvent, type MessageMetadata, type NewMessage, uuid } from "../core/index.js";
import { encodeJson } from "../core/json-codec.js";

/**
 * The message a repository writes for an event: plain JSON data, and metadata only when there is
 * something to say (Eventide keys, a schema version other than 1, the paths of Date/BigInt/Map/Set
 * values). The kit writes given and seeded events this way so the aggregate under test reads them
 * back exactly as it reads what `repository.add` stored; a test compares the two.
 */
export function eventMessage(event: DomainEvent, id: string = uuid()): NewMessage {
  const { json, types } = encodeJson(event.data);
  const metadata: MessageMetadata = {
    ...event.metadata,
    ...(event.schemaVersion !== 1 ? { schemaVersion: event.schemaVersion } : {}),
    ...(types ? { [TYPES_METADATA_KEY]: types } : {}),
  };
  return {
    id,
    type: event.type,
    data: json,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}
