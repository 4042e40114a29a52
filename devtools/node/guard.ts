import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** A new random token: 32 bytes, base64url. */
export const newToken = (): string => randomBytes(32).toString("base64url");

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith("127.");

/** The cookie the page gets after opening the printed URL; named per port (cookies ignore ports). */
export const cookieName = (port: number): string => `strata_devtools_${port}`;

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: `?token=`, `Authorization: Bearer`, or the bridge's cookie. */
export function carriesToken(request: IncomingMessage, url: URL, token: string, port: number) {
  const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const cookie = (request.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === cookieName(port))?.[1];
  return (
    sameToken(url.searchParams.get("token") ?? undefined, token) ||
    sameToken(bearer, token) ||
    sameToken(cookie, token)
  );
}

/**
 * Whether the Host header names this server: loopback names, the bound address, names given in
 * `allowedHosts`, or (bound beyond loopback) an IP address. Anything else is a DNS name pointing
 * here by rebinding, or a request meant for another server.
 */
export function hostAllowed(
  hostHeader: string | undefined,
  port: number,
  bound: string,
  allowedHosts: readonly string[],
): boolean {
  if (!hostHeader) return false;
  let parsed: URL;
  try {
    parsed = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  if (Number(parsed.port || 80) !== port) return false;
  const name = parsed.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (LOOPBACK.has(name) || name === bound || allowedHosts.includes(name)) return true;
  return !isLoopback(bound) && isIP(name) !== 0;
}

/** A cross-site request (a page elsewhere posting or fetching here): refused whatever it carries. */
export function crossSite(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin && origin !== `http://${request.headers.host}`) return true;
  const site = request.headers["sec-fetch-site"];
  return site === "cross-site" || site === "same-site";
}

/** Sent with every answer: nothing cached, sniffed, framed or referred (the URL holds the token). */
export const SECURITY_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
