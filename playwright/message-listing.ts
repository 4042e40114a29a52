import type { Message } from "../core/index.js";

const MAX_LISTED = 50;

/** One line per message, `user-1@0 Registered {"email":"ada@example.com"}`, for failure messages. */
export function describeMessages(messages: readonly Message[], lead: string): string {
  const lines = messages
    .slice(0, MAX_LISTED)
    .map((m) => `  ${m.streamName}@${m.position} ${m.type} ${JSON.stringify(m.data)}`);
  const more =
    messages.length > MAX_LISTED ? `\n  ... and ${messages.length - MAX_LISTED} more` : "";
  const count = `${messages.length} message${messages.length === 1 ? "" : "s"}`;
  return `${lead} ${count}:\n${lines.join("\n")}${more}`;
}

/**
 * True when `actual` contains `expected`: objects key by key (deeply, extra keys allowed),
 * anything else (arrays included) equal as JSON.
 */
export function matchesData(actual: unknown, expected: unknown): boolean {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    return Object.entries(expected).every(([key, value]) => matchesData(actual[key], value));
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
