import type { AnyAggregateClass, Domain, Message } from "../../core/index.js";
import { revivedData } from "./rebuild.js";

/** Where the copied specification imports the app's aggregate class and event types from. */
export interface SpecTextOptions {
  /**
   * The module that exports the aggregate class (under its aggregate name) and the event types
   * (under their type names), as the test file will import it, e.g. "../src/identity.js".
   */
  readonly module: string;
  /** The test runner whose `test` the file calls (default "vitest"). */
  readonly runner?: "vitest" | "node:test";
}

/** A value as TypeScript source: Date, BigInt, Map and Set as what they are, never JSON tags. */
export function toSource(value: unknown, indent = ""): string {
  const next = `${indent}  `;
  if (value === undefined) return "undefined";
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number")
    return Number.isFinite(value) ? String(value) : `Number(${JSON.stringify(String(value))})`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${JSON.stringify(value.toISOString())})`;
  if (value instanceof Map)
    return `new Map([${Array.from(value, ([k, v]) => `[${toSource(k, next)}, ${toSource(v, next)}]`).join(", ")}])`;
  if (value instanceof Set)
    return `new Set([${Array.from(value, (v) => toSource(v, next)).join(", ")}])`;
  if (Array.isArray(value)) return `[${value.map((v) => toSource(v, next)).join(", ")}]`;
  const entries = Object.entries(value as object);
  if (entries.length === 0) return "{}";
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${toSource(v, next)}`).join(", ")} }`;
}

/**
 * An aggregate's stream as a complete given/when/then specification for `strata-es/testing`:
 * the events before `position` are the given (made with the domain's event type factories), the
 * event at `position` is the expected one, and the when raises it as a placeholder for the command
 * that did (the panel cannot know which method ran; replace the raise with it). With `position` 0
 * (or a one-event stream) the spec has the whole stream as its given and expects no new event.
 *
 * @example
 * const text = specText(identity, User, events, 3, { module: "../src/identity.js" });
 */
export function specText(
  domain: Domain,
  Class: AnyAggregateClass,
  events: readonly Message[],
  position: number,
  options: SpecTextOptions,
): string {
  const known = (m: Message) => domain.eventTypes.has(m.type);
  const expected = position > 0 ? events[position] : undefined;
  const given = expected ? events.slice(0, position) : events;
  const unknown = [...new Set(events.filter((m) => !known(m)).map((m) => m.type))];
  const used = [
    ...new Set([...given, ...(expected ? [expected] : [])].filter(known).map((m) => m.type)),
  ];
  const name = Class.aggregateName;
  const variable = name.charAt(0).toLowerCase() + name.slice(1);
  const make = (m: Message, indent: string) => `${m.type}(${toSource(revivedData(m), indent)})`;
  const stream = events[0]?.streamName ?? `${Class.streamCategory}-?`;
  const lines = [
    `import { test } from "${options.runner ?? "vitest"}";`,
    `import { aggregateSpec } from "strata-es/testing";`,
    `import { ${[name, ...used].join(", ")} } from ${JSON.stringify(options.module)};`,
    "",
    `const given = aggregateSpec(${name});`,
    "",
    `// Copied from ${stream} by the Strata devtools: ${given.length} given event(s)${expected ? `, then event ${position} (${expected.type}) as the expected one` : ""}.`,
  ];
  if (unknown.length > 0)
    lines.push(`// Left out: events of types the domain does not define (${unknown.join(", ")}).`);
  lines.push(
    `test(${JSON.stringify(`${name} ${stream} ${expected ? `raises ${expected.type} at version ${position}` : `at version ${events.length - 1}`}`)}, () =>`,
    `  given(${given
      .filter(known)
      .map((m) => `\n    ${make(m, "    ")},`)
      .join("")}${given.some(known) ? "\n  " : ""})`,
  );
  if (expected && known(expected)) {
    lines.push(
      `    // Replace this raise with the command that raised ${expected.type}.`,
      `    .when((${variable}) => ${variable}.raise(${make(expected, "    ")}))`,
      `    .then(${make(expected, "    ")}),`,
      ");",
    );
  } else {
    lines.push(
      "    // Replace with a command to check; this one raises nothing.",
      `    .when(() => {})`,
      "    .then(),",
      ");",
    );
  }
  return `${lines.join("\n")}\n`;
}
