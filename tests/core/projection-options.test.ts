import { describe, expect, it } from "vitest";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ConfigurationError,
  Domain,
  defineProjection,
  type ProjectionOptions,
  UsageError,
} from "../../core/index.js";

const domain = () => new Domain("checks", { eventStore: new MemoryEventStore() });
const valid: ProjectionOptions<number> = {
  version: 1,
  categories: ["todo"],
  initialState: 0,
  handlers: { Added: (n: number) => n + 1 },
};

describe("defineProjection refuses bad options with a ConfigurationError naming the field", () => {
  const cases: [string, string, Partial<ProjectionOptions<number>>, RegExp][] = [
    ["a name with -", "todo-list", {}, /Stream category "todo-list" of projection todo-list/],
    ["a fractional version", "list", { version: 1.5 }, /version must be an integer, got 1.5/],
    ["no categories", "list", { categories: [] }, /categories must name at least one/],
    ["a category with -", "list", { categories: ["to-do"] }, /Stream category "to-do"/],
    [
      "a handler that is not a function",
      "list",
      { handlers: { Added: 3 as never } },
      /handlers\.Added must be a function/,
    ],
    ["batchSize 0", "list", { batchSize: 0 }, /batchSize must be an integer >= 1, got 0/],
    [
      "a member outside its group",
      "list",
      { consumerGroup: { member: 2, size: 2 } },
      /consumerGroup needs integers 0 <= member < size, got member 2 of size 2/,
    ],
  ];
  for (const [what, name, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const d = domain();
      expect(() => defineProjection(d, name, { ...valid, ...change })).toThrow(ConfigurationError);
      expect(() => defineProjection(d, name, { ...valid, ...change })).toThrow(message);
      // Nothing was written.
      expect(await d.eventStore.readCategory(`${name}:position`)).toEqual([]);
    });
  }
});

describe("a stopped projection", () => {
  it("refuses to start again and rejects those waiting", async () => {
    const projection = defineProjection(domain(), "list", valid);
    const waiting = projection.waitFor(); // starts it; stopped before its first read
    await projection.stop();
    await expect(waiting).rejects.toThrow("Projection list was stopped.");
    await expect(projection.start()).rejects.toBeInstanceOf(UsageError);
    await expect(projection.waitFor()).rejects.toBeInstanceOf(UsageError);
    expect(projection.getSnapshot().status).toBe("stopped");
  });
});
