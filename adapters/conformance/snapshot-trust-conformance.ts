import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Domain,
  type EventStore,
  type JsonObject,
  type MessageMetadata,
  snapshotStreamName,
  stateFingerprint,
  streamName,
  uuid,
} from "../../core/store-kit.js";
import { freshCategory } from "./event-store-conformance.js";
import { identityDomain } from "./identity-fixture.js";

/**
 * Snapshots a load must not trust (issue 10, bugs 1-3), run on every store: each is skipped
 * with a warning, the aggregate is rebuilt from its events, and the next command commits on
 * the right state and stream.
 */
export function snapshotTrustConformance(store: () => EventStore): void {
  describe("snapshots that cannot be trusted", () => {
    const setup = async () => {
      const warnings: string[] = [];
      const category = freshCategory("user");
      const domain = identityDomain(store(), {
        streamCategory: category,
        snapshotThreshold: Number.POSITIVE_INFINITY,
        logger: { warn: (m) => warnings.push(m) },
        cache: false,
      });
      const user = domain.User.register("ada@example.com");
      for (let i = 1; i < 20; i++) user.rename(`Ada ${i}`);
      await domain.users.add(user);
      const truth = (await domain.users.get(user.id)).toJSON();
      const plant = (data: JsonObject, metadata: MessageMetadata) =>
        store().append([
          {
            streamName: snapshotStreamName(category, user.id),
            messages: [{ id: uuid(), type: "Snapshot", data, metadata }],
            expectedVersion: null,
          },
        ]);
      const valid = {
        version: 19,
        schemaVersion: 1,
        strataFingerprint: stateFingerprint(domain.User),
      };
      return { ...domain, category, user, truth: truth as JsonObject, plant, valid, warnings };
    };

    it("uses a snapshot whose version and event exist (the control case)", async () => {
      const s = await setup();
      await s.plant({ ...s.truth, renames: 1000 }, s.valid);
      const loaded = await s.users.get(s.user.id);
      // The planted count proves the snapshot was used; the warning list proves nothing was skipped.
      expect(loaded.renames).toBe(1000);
      expect(s.warnings).toEqual([]);
    });

    it.each([
      ["past the stream's end", 1000],
      ["-1", -1],
      ["a string", "19"],
      ["a fraction", 2.5],
      ["beyond 2^53", 1e20],
      ["missing", undefined],
    ])("skips a snapshot whose version is %s and rebuilds from events", async (_, version) => {
      const s = await setup();
      await s.plant({ ...s.truth, renames: 1000 }, { ...s.valid, version });
      const loaded = await s.users.get(s.user.id);
      expect(loaded._version).toBe(19);
      expect(loaded.renames).toBe(19);
      expect(loaded.firstName).toBe("Ada 19");
      expect(s.warnings).toHaveLength(1);
      expect(s.warnings[0]).toMatch(/Skipping snapshot of User/);
      loaded.rename("Next");
      await s.users.add(loaded);
      expect(await store().streamVersion(streamName(s.category, s.user.id))).toBe(20);
    });

    it("skips a snapshot taken under another state fingerprint", async () => {
      const s = await setup();
      await s.plant({ ...s.truth, renames: 1000 }, { ...s.valid, strataFingerprint: "other" });
      expect((await s.users.get(s.user.id)).renames).toBe(19);
      expect(s.warnings[0]).toMatch(/fingerprint/);
    });

    it.each([
      ["a __proto__ path", { "/__proto__": "Map" }],
      ["a constructor path", { "/constructor/prototype": "Set" }],
      ["a value that is not what its tag says", { "/email": "Map" }],
      ["tags that are not an object", "Map"],
    ])("skips a snapshot whose type tags hold %s, without throwing", async (_, tags) => {
      const s = await setup();
      await s.plant({ ...s.truth, renames: 1000 }, { ...s.valid, strataTypes: tags });
      const loaded = await s.users.get(s.user.id);
      expect(loaded.renames).toBe(19);
      expect(({} as Record<string, unknown>).size).toBeUndefined();
      expect(s.warnings).toHaveLength(1);
    });

    it("never hands over another aggregate's identity", async () => {
      const warnings: string[] = [];
      const domain = new Domain("catalog", {
        eventStore: store(),
        logger: { warn: (m) => warnings.push(m) },
        cache: false,
      });
      const Listed = domain.event("Listed", z.object({ sku: z.string(), price: z.number() }));
      const category = freshCategory("product");
      class Product extends domain.eventSourcedAggregate(
        "Product",
        z.object({ sku: z.string(), price: z.number() }),
        {
          identifier: "sku",
          streamCategory: category,
          snapshotThreshold: Number.POSITIVE_INFINITY,
        },
      ) {
        static {
          this.applyEvent(Listed, (p, e) => {
            p.sku = e.sku;
            p.price = e.price;
          });
        }
      }
      const repo = domain.repositoryFor(Product);
      for (const sku of ["victim", "other"]) {
        const p = Product.create({ sku, price: 1 });
        p.raise(Listed({ sku, price: 1 }));
        await repo.add(p);
      }
      await store().append([
        {
          streamName: snapshotStreamName(category, "victim"),
          messages: [
            {
              id: uuid(),
              type: "Snapshot",
              data: { sku: "other", price: 99 },
              metadata: {
                version: 0,
                schemaVersion: 1,
                strataFingerprint: stateFingerprint(Product),
              },
            },
          ],
          expectedVersion: null,
        },
      ]);
      const loaded = await repo.get("victim");
      expect(loaded.id).toBe("victim");
      expect(loaded.sku).toBe("victim");
      expect(loaded.price).toBe(1);
      expect(warnings[0]).toMatch(/its sku is "other", not "victim"/);
      loaded.raise(Listed({ sku: "victim", price: 2 }));
      await repo.add(loaded);
      expect(await store().streamVersion(streamName(category, "victim"))).toBe(1);
      expect(await store().streamVersion(streamName(category, "other"))).toBe(0);
    });
  });
}
