import type { JsonObject, Message, TapRecord } from "../../core/index.js";

/** A message as the bridge sends it: `time` as an ISO string. */
export type WireMessage = Omit<Message, "time"> & { readonly time: string };

export const toWire = (m: Message): WireMessage => ({ ...m, time: m.time.toISOString() });

export const fromWire = (m: WireMessage): Message => ({ ...m, time: new Date(m.time) });

/**
 * A tap record as JSON: commits keep their results (the global positions the panel matches calls
 * by) and each message's id and type, not its data, which the message stream carries; errors
 * become their message.
 */
export function tapToWire(record: TapRecord): TapRecord {
  if (record.kind === "commit") {
    return {
      ...record,
      streams: record.streams.map((s) => ({
        streamName: s.streamName,
        expectedVersion: s.expectedVersion,
        messages: s.messages.map((m) => ({ id: m.id, type: m.type, data: {} })),
      })),
    };
  }
  if (record.kind === "applyFailed") {
    const error = record.error instanceof Error ? record.error.message : String(record.error);
    return { ...record, error };
  }
  return record;
}

/** What `GET /api/info` answers. */
export interface BridgeInfo {
  /** The app's domain name, or "MessageDB" for the command line bridge. */
  readonly name: string;
  /** "domain": serveDevtools inside the app (state, tap); "store": the read-only CLI bridge. */
  readonly mode: "domain" | "store";
  /** The database, without credentials. */
  readonly database: string;
  readonly lastGlobalPosition: number;
  readonly estimatedMessages: number;
}

/** What `GET /api/state` answers: the state rebuilt by the app's handlers, as tagged JSON. */
export interface WireState {
  readonly streamName: string;
  readonly version: number;
  readonly json: JsonObject;
  readonly types: Record<string, "Date" | "BigInt" | "Map" | "Set"> | null;
  readonly failure: { position: number; type: string; message: string } | null;
}
