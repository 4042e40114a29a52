import { MemoryEventStore } from "../../adapters/memory/index.js";
import type { Domain, DomainOptions, Message } from "../../core/index.js";

/**
 * A copy of `domain` on a fresh MemoryEventStore holding `messages`: the same event types and the
 * same aggregate classes (`replica.repositoryFor(User)` works with the app's own `User`), so states
 * rebuild with the app's handlers and commands run against the copy, never against the app's store.
 *
 * @example
 * const replica = await replicateDomain(identity, parseNdjson(text));
 * await replica.repositoryFor(User).transact(id, (user) => user.rename("Ada"));
 */
export async function replicateDomain(
  domain: Domain,
  messages: readonly Message[],
): Promise<Domain> {
  const store = new MemoryEventStore();
  // The app's own Domain class, taken from its instance: importing it would bundle all of core
  // into the panel a second time.
  const DomainClass = domain.constructor as new (name: string, options: DomainOptions) => Domain;
  const replica = new DomainClass(domain.name, {
    eventStore: store,
    snapshotThreshold: domain.snapshotThreshold,
    logger: domain.logger,
  });
  // Repositories accept a class whose domain name and category match a registered aggregate; the
  // class defined here only claims the category, the app's own class is the one used.
  for (const [category, Class] of domain.aggregateClasses)
    replica.eventSourcedAggregate(Class.aggregateName, Class.schema, { streamCategory: category });
  // Runs of one stream in global order, so the copy's feed interleaves streams as the file did.
  // Snapshots are copied too: a bug may be in one (a drifted snapshot is loaded as the app would).
  let run: Message[] = [];
  const flush = async () => {
    const first = run[0];
    if (!first) return;
    await store.append([
      {
        streamName: first.streamName,
        expectedVersion: null,
        messages: run.map(({ id, type, data, metadata }) =>
          metadata ? { id, type, data, metadata } : { id, type, data },
        ),
      },
    ]);
    run = [];
  };
  for (const m of [...messages].sort((a, b) => a.globalPosition - b.globalPosition)) {
    if (run[0] && run[0].streamName !== m.streamName) await flush();
    run.push(m);
  }
  await flush();
  return replica;
}
