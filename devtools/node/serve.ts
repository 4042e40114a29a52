import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { ConfigurationError, type Domain } from "../../core/index.js";
import { answer, BadRequest, type BridgeSource } from "./api.js";
import { streamEvents } from "./events.js";
import {
  carriesToken,
  cookieName,
  crossSite,
  hostAllowed,
  isLoopback,
  newToken,
  PAGE_CSP,
  SECURITY_HEADERS,
} from "./guard.js";
import { PAGE_HTML, panelScript } from "./panel-asset.js";

/** Options of `serveDevtools`. */
export interface ServeDevtoolsOptions {
  /** TCP port (default 0: any free port; the URL says which). */
  readonly port?: number | undefined;
  /** Address to bind (default 127.0.0.1). Anything but loopback also needs `allowRemote: true`. */
  readonly host?: string | undefined;
  /** Confirms binding beyond loopback; the token is still required. */
  readonly allowRemote?: boolean | undefined;
  /** The access token (default: 32 random bytes). Requests without it are refused with 401. */
  readonly token?: string | undefined;
  /** More Host header names to accept (a name in /etc/hosts, a tunnel); loopback names always are. */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** A running bridge. */
export interface DevtoolsServer {
  /** Open this in a browser: the page, with the token (which it exchanges for a cookie). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and ends open event streams; the store stays open. */
  close(): Promise<void>;
}

/** What the bridge needs from a store: MessageDB, whose catalog lists categories and streams. */
type CatalogStore = Pick<MessageDBEventStore, "catalog"> & Domain["eventStore"];

function hasCatalog(store: Domain["eventStore"]): store is CatalogStore {
  return typeof (store as Partial<CatalogStore>).catalog === "function";
}

/**
 * Serves the devtools panel for a running Node app, over HTTP on 127.0.0.1: the MessageDB store's
 * messages live (from any process), plus what only the app knows: states rebuilt with its apply
 * handlers, and its commits, loads and conflicts. Read-only; every request needs the token in the
 * printed URL.
 *
 * @example
 * import { serveDevtools } from "strata-es/devtools/node";
 * const devtools = await serveDevtools(identity, { port: 4400 });
 * console.log(`Strata devtools: ${devtools.url}`);
 * await devtools.close();
 */
export async function serveDevtools(
  domain: Domain,
  options: ServeDevtoolsOptions = {},
): Promise<DevtoolsServer> {
  const store = domain.eventStore;
  if (!hasCatalog(store))
    throw new ConfigurationError(
      `serveDevtools: domain ${domain.name} does not run on a MessageDB store; for memory and IndexedDB stores mount the in-page panel (strata-es/devtools).`,
    );
  return serveBridge(
    { store, catalog: await store.catalog(), domain, name: domain.name, database: "" },
    options,
  );
}

/** The bridge on a store alone (the CLI): no states, no tap. */
export async function serveStore(
  store: MessageDBEventStore,
  database: string,
  options: ServeDevtoolsOptions = {},
): Promise<DevtoolsServer> {
  return serveBridge(
    { store, catalog: await store.catalog(), domain: undefined, name: "MessageDB", database },
    options,
  );
}

async function serveBridge(
  source: BridgeSource,
  options: ServeDevtoolsOptions,
): Promise<DevtoolsServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host) && options.allowRemote !== true)
    throw new ConfigurationError(
      `serveDevtools: host ${host} is reachable from other machines; pass allowRemote: true (CLI: --allow-remote) to bind it. The token is required either way.`,
    );
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigurationError(
      `serveDevtools: port must be an integer from 0 to 65535, got ${port}.`,
    );
  const token = options.token ?? newToken();
  if (token.length < 16)
    throw new ConfigurationError("serveDevtools: token must be at least 16 characters.");
  const allowedHosts = (options.allowedHosts ?? []).map((h) => h.toLowerCase());
  const open = new Set<() => void>();
  let bound = 0;

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof BadRequest ? error.status : 500;
      if (!response.headersSent) send(response, status, { error: (error as Error).message });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host, bound, host, allowedHosts))
      return send(response, 421, { error: "Host not allowed: open the URL the bridge printed." });
    if (crossSite(request))
      return send(response, 403, { error: "Cross-site requests are refused." });
    if (request.method !== "GET") {
      response.setHeader("Allow", "GET");
      return send(response, 405, { error: "The devtools bridge is read-only: GET only." });
    }
    const url = new URL(request.url ?? "/", "http://bridge");
    if (!carriesToken(request, url, token, bound))
      return send(response, 401, {
        error: "Missing or wrong token: open the URL the bridge printed.",
      });
    if (url.searchParams.has("token") && url.pathname === "/") {
      // Trade the token in the address bar for a cookie, so it leaves the URL (history, screenshots).
      response.setHeader(
        "Set-Cookie",
        `${cookieName(bound)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      );
      response.writeHead(303, { Location: "/" });
      return void response.end();
    }
    if (url.pathname === "/") {
      response.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": PAGE_CSP,
      });
      return void response.end(PAGE_HTML);
    }
    if (url.pathname === "/panel.js") {
      response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      return void response.end(await panelScript());
    }
    if (url.pathname === "/api/events") {
      const lastId = request.headers["last-event-id"];
      const end = streamEvents(
        response,
        source.store,
        source.catalog,
        source.domain,
        typeof lastId === "string" ? lastId : undefined,
      );
      open.add(end);
      request.on("close", () => {
        open.delete(end);
        end();
      });
      return;
    }
    send(response, 200, await answer(source, url.pathname, url.searchParams));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  bound = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shown}:${bound}/?token=${token}`,
    port: bound,
    close: async () => {
      for (const end of open) end();
      open.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}
