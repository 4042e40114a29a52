import type { Message } from "../../core/index.js";

/**
 * NDJSON that keeps Date, BigInt, Map and Set as what they are: such values are written as
 * one-key objects (`{"$date": iso}`, `{"$bigint": "12"}`, `{"$map": [[k, v]]}`, `{"$set": [v]}`);
 * a plain object that happens to have one such key is escaped as `{"$object": {...}}`.
 */
const TAGS = ["$date", "$bigint", "$map", "$set", "$object", "$undefined"] as const;

/** Called for every object key on the way out: return the value to write (e.g. "[redacted]") or the value itself. */
export type Redactor = (path: readonly string[], value: unknown) => unknown;

function encode(value: unknown, path: string[], redact: Redactor | undefined): unknown {
  if (value === undefined) return { $undefined: true };
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Map)
    return {
      $map: Array.from(value, ([k, v], i) => [
        encode(k, [...path, String(i), "0"], redact),
        encode(v, [...path, String(i), "1"], redact),
      ]),
    };
  if (value instanceof Set)
    return { $set: Array.from(value, (v, i) => encode(v, [...path, String(i)], redact)) };
  if (Array.isArray(value)) return value.map((v, i) => encode(v, [...path, String(i)], redact));
  // Object.fromEntries defines own properties: `out[key] = ...` with the key "__proto__" (which
  // JSON.parse makes an own property) would set the prototype instead and the key would be lost.
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(value).map(([key, raw]) => {
      const keyPath = [...path, key];
      return [key, encode(redact ? redact(keyPath, raw) : raw, keyPath, redact)];
    }),
  );
  const keys = Object.keys(out);
  return keys.length === 1 && (TAGS as readonly string[]).includes(keys[0] as string)
    ? { $object: out }
    : out;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const tag = keys[0] as string;
    const inner = record[tag];
    switch (tag) {
      case "$undefined":
        return undefined;
      case "$date":
        return new Date(inner as string);
      case "$bigint":
        return BigInt(inner as string);
      case "$map":
        return new Map((inner as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
      case "$set":
        return new Set((inner as unknown[]).map(decode));
      case "$object":
        return decodeObject(inner as object);
    }
  }
  return decodeObject(record);
}

/** Own properties only, "__proto__" included (see encode). */
const decodeObject = (record: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));

/** One value as a line of tagged JSON. */
export function toTaggedJson(value: unknown, redact?: Redactor): string {
  return JSON.stringify(encode(value, [], redact));
}

/** The value `toTaggedJson` wrote. */
export function fromTaggedJson(line: string): unknown {
  return decode(JSON.parse(line));
}

/** Messages as NDJSON, one message a line, in the order given. */
export function exportNdjson(messages: readonly Message[], redact?: Redactor): string {
  return messages.map((m) => toTaggedJson(m, redact)).join("\n") + (messages.length ? "\n" : "");
}

/** Messages read back from `exportNdjson`'s output; blank lines are ignored. */
export function parseNdjson(text: string): Message[] {
  const messages: Message[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = fromTaggedJson(line);
    } catch (error) {
      throw new SyntaxError(`NDJSON line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
    const m = value as Partial<Message> | null;
    if (
      !m ||
      typeof m.streamName !== "string" ||
      typeof m.type !== "string" ||
      typeof m.position !== "number"
    ) {
      throw new SyntaxError(`NDJSON line ${i + 1} is not a message (streamName, type, position).`);
    }
    messages.push(m as Message);
  }
  return messages;
}
