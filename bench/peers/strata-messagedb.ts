import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { installMessageDb, MessageDBEventStore } from "../../adapters/messagedb/index.js";
import { assertUser, EMAIL, nameAt } from "../model.js";
import type { ClosableVariant } from "./emmett-postgres.js";

/**
 * `n` commands on a new user per run through Strata on MessageDB, as an app writes them:
 * `transact` with the defaults (snapshot every 10, aggregate cache).
 */
export function strataMessageDbCommands(n: number, databaseUrl: string): ClosableVariant {
  let store: MessageDBEventStore | undefined;
  const open = async () => {
    if (!store) {
      await installMessageDb(databaseUrl); // schema creation is setup, not workload
      store = new MessageDBEventStore({ databaseUri: databaseUrl });
    }
    return identityDomain(store, { logger: { warn() {} } });
  };
  type Prepared = Awaited<ReturnType<typeof open>> & { id?: string };
  return {
    name: "Strata (MessageDB)",
    setup: open,
    run: async (prepared) => {
      const context = prepared as Prepared;
      const user = context.User.register(EMAIL);
      await context.users.add(user);
      for (let i = 1; i < n; i++) await context.users.transact(user.id, (u) => u.rename(nameAt(i)));
      context.id = user.id;
    },
    teardown: async (prepared) => {
      const { users, id } = prepared as Prepared;
      assertUser(await users.get(id ?? ""), n, "Strata (MessageDB)");
    },
    close: async () => {
      await store?.close();
      store = undefined;
    },
  };
}
