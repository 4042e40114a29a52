import type { Message } from "../../core/index.js";

export const clock = (time: Date): string => time.toISOString().slice(11, 23);

/** Milliseconds as "+12ms", "+3.4s", "+5m". */
export function since(ms: number): string {
  if (ms < 1000) return `+${ms}ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1)}s`;
  return `+${Math.round(ms / 60_000)}m`;
}

export function bytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`;
}

/** A short one-line preview of a message's data (text, never markup). */
export function preview(message: Message): string {
  const text = JSON.stringify(message.data);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}
