import type { AnyAggregateClass, Domain, Message } from "../../core/index.js";
import { idOf } from "../../core/store-kit.js";
import { revivedData, StateRebuilder } from "./rebuild.js";

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
 * An aggregate's stream as a given/when/then specification for `strata-es/testing` that runs as
 * copied. The panel cannot know which commands ran, so the when raises the recorded events on the
 * aggregate (with the domain's event type factories) and the then expects them: the events before
 * `position` are the given, the events from `position` to the end are raised and expected. From
 * `position` 0 the given is empty, so the when creates the aggregate as an app does, with `create`
 * given its state at version 0 (what the rebuild check holds `create` plus the first event to),
 * raises the events and returns it. Replace the raises with the commands under test; events of
 * types the domain does not define are left out (and named in a comment).
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
  const from = Math.max(0, Math.min(position, events.length - 1));
  const unknown = [...new Set(events.filter((m) => !known(m)).map((m) => m.type))];
  const initial = from === 0 ? stateAtZero(Class, events) : undefined;
  // Without a state at version 0 (its replay failed) the whole stream is the given.
  const split = from === 0 && !initial ? events.length : from;
  const given = events.slice(0, split).filter(known);
  const raised = events.slice(split).filter(known);
  const used = [...new Set([...given, ...raised].map((m) => m.type))];
  const name = Class.aggregateName;
  const variable = name.charAt(0).toLowerCase() + name.slice(1);
  const make = (m: Message, indent: string) => `${m.type}(${toSource(revivedData(m), indent)})`;
  const stream = events[0]?.streamName ?? `${Class.streamCategory}-?`;
  const last = events.length - 1;
  const lines = [
    `import { test } from "${options.runner ?? "vitest"}";`,
    `import { aggregateSpec } from "strata-es/testing";`,
    `import { ${[name, ...used].join(", ")} } from ${JSON.stringify(options.module)};`,
    "",
    `const given = aggregateSpec(${name});`,
    "",
    `// Copied from ${stream} by the Strata devtools: ${given.length} given event(s), ${raised.length} raised and expected.`,
  ];
  if (unknown.length > 0)
    lines.push(`// Left out: events of types the domain does not define (${unknown.join(", ")}).`);
  lines.push(
    `test(${JSON.stringify(`${name} ${stream} ${raised.length > 0 ? `from version ${split} to ${last}` : `at version ${last}`}`)}, () =>`,
    `  given(${given.map((m) => `\n    ${make(m, "    ")},`).join("")}${given.length > 0 ? "\n  " : ""})`,
  );
  const raises = raised.map((m) => `      ${variable}.raise(${make(m, "      ")});`);
  if (raised.length === 0) {
    lines.push(
      "    // Nothing after the given: put the command to check here.",
      "    .when(() => {})",
      "    .then(),",
    );
  } else {
    lines.push(
      "    // The panel cannot know which commands ran: this raises the recorded events.",
      "    // Replace the raises with the commands under test; the expected events stay.",
    );
    if (initial)
      lines.push(
        "    .when(() => {",
        `      const ${variable} = ${name}.create(${toSource(initial, "      ")});`,
        ...raises,
        `      return ${variable};`,
        "    })",
      );
    else lines.push(`    .when((${variable}) => {`, ...raises, "    })");
    lines.push(`    .then(${raised.map((m) => `\n      ${make(m, "      ")},`).join("")}\n    ),`);
  }
  lines.push(");");
  return `${lines.join("\n")}\n`;
}

/** The aggregate's state after its first event, as `create` takes it; undefined if the replay fails. */
function stateAtZero(
  Class: AnyAggregateClass,
  events: readonly Message[],
): Record<string, unknown> | undefined {
  const first = events[0];
  if (!first) return undefined;
  const rebuilt = new StateRebuilder(Class, idOf(first.streamName) ?? "", events).stateAt(0);
  return rebuilt.failure ? undefined : rebuilt.state;
}
