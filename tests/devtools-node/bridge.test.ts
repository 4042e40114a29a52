import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { installMessageDb } from "../../adapters/messagedb/installer.js";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { installedTestDatabase, serverUrl } from "../../adapters/messagedb/test-database.js";
import { runCli } from "../../cli/run-cli.js";
import { uuid } from "../../core/index.js";
import { openReadOnlyStore } from "../../devtools/node/read-only-store.js";
import { type DevtoolsServer, serveDevtools } from "../../devtools/node/serve.js";
import { call, listen } from "./http.js";

const WRITE =
  "SELECT message_store.write_message(gen_random_uuid()::varchar, $1, 'Written', $2::jsonb)";

/** A running bridge, and a writer that is not the bridge (another pool, or SQL on the PGlite). */
interface Bridge {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  write(stream: string, n: number): Promise<void>;
}

const origin = (b: Bridge) => `http://127.0.0.1:${b.port}`;
const auth = (b: Bridge) => ({ Authorization: `Bearer ${b.token}` });
const json = async (b: Bridge, path: string) => {
  const answer = await call(`${origin(b)}${path}`, { headers: auth(b) });
  return { status: answer.status, body: JSON.parse(answer.body) };
};

/** What every bridge must do, CLI or in-app, on Postgres or PGlite. */
function bridgeContract(bridge: () => Bridge) {
  it("refuses every route without the token (401), and with a wrong one", async () => {
    const b = bridge();
    for (const path of ["/", "/panel.js", "/api/info", "/api/events", "/api/feed"]) {
      expect((await call(`${origin(b)}${path}`)).status, path).toBe(401);
      const wrong = await call(`${origin(b)}${path}?token=${"x".repeat(b.token.length)}`);
      expect(wrong.status, path).toBe(401);
    }
    expect((await call(`${origin(b)}/api/info`, { headers: auth(b) })).status).toBe(200);
  });

  it("trades the URL's token for an HttpOnly SameSite cookie, then serves the page with a CSP", async () => {
    const b = bridge();
    const first = await call(b.url);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/");
    const cookie = String(first.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await call(`${origin(b)}/`, {
      headers: { Cookie: cookie.split(";")[0] as string },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('src="/panel.js"');
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("binds 127.0.0.1 and refuses a foreign Host header (DNS rebinding) even with the token", async () => {
    const b = bridge();
    expect(new URL(b.url).hostname).toBe("127.0.0.1");
    for (const host of [`evil.example:${b.port}`, `127.0.0.1:${b.port + 1}`, "localhost"]) {
      const answer = await call(`${origin(b)}/api/info`, { headers: { ...auth(b), Host: host } });
      expect(answer.status, host).toBe(421);
    }
    const local = await call(`${origin(b)}/api/info`, {
      headers: { ...auth(b), Host: `localhost:${b.port}` },
    });
    expect(local.status).toBe(200);
  });

  it("sends no CORS headers and refuses cross-site requests", async () => {
    const b = bridge();
    const cross = await call(`${origin(b)}/api/info`, {
      headers: { ...auth(b), Origin: "http://evil.example" },
    });
    expect(cross.status).toBe(403);
    const site = await call(`${origin(b)}/api/info`, {
      headers: { ...auth(b), "Sec-Fetch-Site": "same-site" },
    });
    expect(site.status).toBe(403);
    const preflight = await call(`${origin(b)}/api/info`, {
      method: "OPTIONS",
      headers: { ...auth(b), "Access-Control-Request-Method": "GET" },
    });
    for (const answer of [
      cross,
      site,
      preflight,
      await call(`${origin(b)}/api/info`, { headers: auth(b) }),
    ])
      expect(Object.keys(answer.headers).filter((h) => h.startsWith("access-control"))).toEqual([]);
  });

  it("is read-only: every method but GET is refused, no route takes SQL", async () => {
    const b = bridge();
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const answer = await call(`${origin(b)}/api/feed`, { method, headers: auth(b) });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe("GET");
    }
    expect((await json(b, "/api/sql?q=DROP%20TABLE%20message_store.messages")).status).toBe(404);
    expect((await json(b, "/api/info")).status).toBe(200);
  });

  it("pages categories by name, a category's streams by key, a stream and the feed by position", async () => {
    const b = bridge();
    const tag = uuid().replaceAll("-", "").slice(0, 8);
    const categories = [`pa${tag}`, `pb${tag}`, `pc${tag}`];
    for (const c of categories) for (let s = 0; s < 3; s++) await b.write(`${c}-${s}`, 2);
    const first = await json(b, `/api/categories?after=pa${tag.slice(0, -1)}&limit=2`);
    expect(first.body.categories.map((c: { category: string }) => c.category)).toEqual(
      categories.slice(0, 2),
    );
    const second = await json(b, `/api/categories?after=${first.body.next}&limit=2`);
    expect(second.body.categories[0].category).toBe(categories[2]);
    const streams = await json(b, `/api/streams?category=pb${tag}&limit=2`);
    expect(streams.body.streams.map((s: { streamName: string }) => s.streamName)).toEqual([
      `pb${tag}-0`,
      `pb${tag}-1`,
    ]);
    expect(streams.body.streams[0].version).toBe(1);
    const rest = await json(b, `/api/streams?category=pb${tag}&after=${streams.body.next}&limit=2`);
    expect(rest.body.streams.map((s: { streamName: string }) => s.streamName)).toEqual([
      `pb${tag}-2`,
    ]);
    expect(rest.body.next).toBeNull();
    const stream = await json(b, `/api/stream?name=pc${tag}-1&from=1&limit=5`);
    expect(stream.body.messages.map((m: { position: number }) => m.position)).toEqual([1]);
    const info = (await json(b, "/api/info")).body;
    const latest = await json(b, `/api/feed?before=${info.lastGlobalPosition + 1}&limit=3`);
    expect(latest.body.messages.map((m: { globalPosition: number }) => m.globalPosition)).toEqual([
      info.lastGlobalPosition - 2,
      info.lastGlobalPosition - 1,
      info.lastGlobalPosition,
    ]);
    const after = await json(b, `/api/feed?after=${info.lastGlobalPosition - 1}`);
    expect(after.body.messages).toHaveLength(1);
    const bad = await json(b, "/api/feed?limit=100000");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^limit must be an integer/);
    expect((await json(b, "/api/streams")).body.error).toBe("category is required.");
  });

  it("streams writes of another writer over SSE, and resumes from Last-Event-ID", async () => {
    const b = bridge();
    const stream = `sse${uuid().replaceAll("-", "").slice(0, 8)}-1`;
    const sse = listen(`${origin(b)}/api/events`, auth(b));
    try {
      await expect
        .poll(() => sse.events.some((e) => e.event === "ready"), { timeout: 5000 })
        .toBe(true);
      await b.write(stream, 2);
      const heard = () =>
        sse.events
          .filter((e) => e.event === "messages")
          .flatMap((e) => e.data as { streamName: string; position: number }[])
          .filter((m) => m.streamName === stream)
          .map((m) => m.position);
      await expect.poll(heard, { timeout: 3000 }).toEqual([0, 1]);
      const id = sse.events.filter((e) => e.event === "messages").at(-1)?.id as string;
      sse.close();
      await b.write(stream, 1);
      const resumed = listen(`${origin(b)}/api/events`, { ...auth(b), "Last-Event-ID": id });
      await expect
        .poll(() => resumed.events.some((e) => e.event === "ready"), { timeout: 5000 })
        .toBe(true);
      try {
        await expect
          .poll(
            () =>
              resumed.events
                .flatMap((e) =>
                  e.event === "messages"
                    ? (e.data as { streamName: string; position: number }[])
                    : [],
                )
                .filter((m) => m.streamName === stream)
                .map((m) => m.position),
            { timeout: 3000 },
          )
          .toEqual([2]);
      } finally {
        resumed.close();
      }
    } finally {
      sse.close();
    }
  });
}

/** What only serveDevtools(domain) has: states from the app's handlers, the app's tap. */
function domainContract(bridge: () => Bridge & { domain: ReturnType<typeof identityDomain> }) {
  it("rebuilds a state at a version with the app's handlers, and forwards the app's tap records", async () => {
    const b = bridge();
    const { User, users } = b.domain;
    const sse = listen(`${origin(b)}/api/events`, auth(b));
    try {
      await expect
        .poll(() => sse.events.some((e) => e.event === "ready"), { timeout: 5000 })
        .toBe(true);
      const user = User.register("state@example.com");
      await users.add(user);
      await users.transact(user.id, (u) => u.rename("Ada"));
      const stream = `user-${user.id}`;
      const at0 = await json(b, `/api/state?stream=${stream}&version=0`);
      expect(at0.body.json).toMatchObject({ email: "state@example.com", renames: 0 });
      const at1 = await json(b, `/api/state?stream=${stream}&version=1`);
      expect(at1.body.json).toMatchObject({ firstName: "Ada", renames: 1 });
      const commits = () =>
        sse.events
          .filter((e) => e.event === "tap" && (e.data as { kind: string }).kind === "commit")
          .map(
            (e) =>
              e.data as {
                call: string;
                streams: { streamName: string; messages: { id: string }[] }[];
              },
          )
          .filter((r) => r.streams.some((s) => s.streamName === stream));
      await expect
        .poll(() => commits().map((r) => r.call), { timeout: 3000 })
        .toEqual(["add", "transact"]);
      // Ids and types only: the panel matches calls by id; the data comes with the messages.
      expect(Object.keys(commits()[0]?.streams[0]?.messages[0] ?? {})).toEqual([
        "id",
        "type",
        "data",
      ]);
      expect((await json(b, "/api/state?stream=nothing-1")).status).toBe(404);
    } finally {
      sse.close();
    }
  });
}

describe.skipIf(!serverUrl)("devtools bridge from the command line on PostgreSQL", () => {
  const db = installedTestDatabase();
  let writer: pg.Pool;
  let stop: () => void;
  let done: Promise<number>;
  const out: string[] = [];
  let bridge: Bridge;
  /** The URL with a password: trust auth ignores it, the bridge must never show it. */
  const withPassword = () => {
    const url = new URL(db.url);
    url.password = "s3cret-pw";
    return url.toString();
  };
  beforeAll(async () => {
    writer = new pg.Pool({ connectionString: db.url });
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    done = runCli(
      ["devtools", "--port", "0"],
      { out: (line) => out.push(line), err: (line) => out.push(line) },
      { DATABASE_URL: withPassword() },
      stopped,
    );
    for (let waited = 0; !out.some((l) => l.includes("open http")) && waited < 20_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const url = (out.find((l) => l.includes("open http")) as string).replace(/.*open /, "");
    const parsed = new URL(url);
    bridge = {
      url,
      token: parsed.searchParams.get("token") as string,
      port: Number(parsed.port),
      write: async (stream, n) => {
        for (let i = 0; i < n; i++) await writer.query(WRITE, [stream, JSON.stringify({ i })]);
      },
    };
  });
  afterAll(async () => {
    stop?.();
    expect(await done).toBe(0);
    await writer?.end();
  });

  bridgeContract(() => bridge);

  it("never prints the database password or sends it to the browser", async () => {
    const text = out.join("\n");
    expect(text).toContain("Strata devtools: reading postgresql://postgres@127.0.0.1:5432/");
    expect(text).not.toContain("s3cret-pw");
    for (const path of ["/api/info", "/", "/panel.js"]) {
      const answer = await call(`${origin(bridge)}${path}`, { headers: auth(bridge) });
      expect(answer.body).not.toContain("s3cret-pw");
    }
  });

  it("reads through sessions the database keeps read-only, and has no states without the app", async () => {
    const { store, close } = await openReadOnlyStore({ databaseUri: db.url });
    try {
      await expect(
        store.append([
          {
            streamName: "ro-1",
            messages: [{ id: uuid(), type: "X", data: {} }],
            expectedVersion: null,
          },
        ]),
      ).rejects.toThrow(/read-only/);
    } finally {
      await close();
    }
    const { rows } = await writer.query(
      "SELECT count(*)::int AS n FROM message_store.messages WHERE stream_name = 'ro-1'",
    );
    expect(rows[0].n).toBe(0);
    const state = await json(bridge, "/api/state?stream=user-1");
    expect(state.status).toBe(404);
    expect(state.body.error).toMatch(/serveDevtools\(domain\)/);
  });

  it("refuses a host beyond loopback without allowRemote, and still wants the token with it", async () => {
    const store = new MessageDBEventStore({ databaseUri: db.url });
    const { identity } = identityDomain(store);
    await expect(serveDevtools(identity, { host: "0.0.0.0" })).rejects.toThrow(/allowRemote/);
    const open = await serveDevtools(identity, { host: "0.0.0.0", allowRemote: true });
    try {
      expect((await call(`http://127.0.0.1:${open.port}/api/info`)).status).toBe(401);
    } finally {
      await open.close();
      await store.close();
    }
  });
});

describe.skipIf(!serverUrl)("serveDevtools(domain) on PostgreSQL", () => {
  const db = installedTestDatabase();
  let store: MessageDBEventStore;
  let server: DevtoolsServer;
  let writer: pg.Pool;
  let bridge: Bridge & { domain: ReturnType<typeof identityDomain> };
  beforeAll(async () => {
    store = new MessageDBEventStore({ databaseUri: db.url });
    writer = new pg.Pool({ connectionString: db.url });
    const domain = identityDomain(store);
    server = await serveDevtools(domain.identity, { token: "t".repeat(32) });
    bridge = {
      url: server.url,
      token: "t".repeat(32),
      port: server.port,
      domain,
      write: async (stream, n) => {
        for (let i = 0; i < n; i++) await writer.query(WRITE, [stream, JSON.stringify({ i })]);
      },
    };
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await writer?.end();
  });
  domainContract(() => bridge);
});

describe("serveDevtools(domain) on embedded PGlite", () => {
  let pglite: PGlite;
  let store: MessageDBEventStore;
  let server: DevtoolsServer;
  let bridge: Bridge & { domain: ReturnType<typeof identityDomain> };
  beforeAll(async () => {
    pglite = await PGlite.create();
    await installMessageDb({ pglite });
    // The poll is opt-in on PGlite: the test writes plain SQL on the same instance.
    store = new MessageDBEventStore({ pglite, subscribePoll: {} });
    const domain = identityDomain(store);
    server = await serveDevtools(domain.identity);
    const parsed = new URL(server.url);
    bridge = {
      url: server.url,
      token: parsed.searchParams.get("token") as string,
      port: server.port,
      domain,
      // Plain SQL on the same database, not through the store: the poll must find it.
      write: async (stream, n) => {
        for (let i = 0; i < n; i++) await pglite.query(WRITE, [stream, JSON.stringify({ i })]);
      },
    };
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await pglite?.close();
  });
  bridgeContract(() => bridge);
  domainContract(() => bridge);

  it("refuses a domain whose store is not MessageDB", async () => {
    const { MemoryEventStore } = await import("../../adapters/memory/index.js");
    const { identity } = identityDomain(new MemoryEventStore());
    await expect(serveDevtools(identity)).rejects.toThrow(/in-page panel/);
  });
});
