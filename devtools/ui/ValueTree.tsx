import { type ReactNode, useState } from "react";

const BUCKET = 100;

/** A one-line label for a value: what it is, never markup (React renders strings as text). */
export function describeValue(value: unknown): { text: string; kind?: string; open: boolean } {
  if (value === null) return { text: "null", open: false };
  switch (typeof value) {
    case "undefined":
      return { text: "undefined", open: false };
    case "string":
      return { text: JSON.stringify(value), open: false };
    case "bigint":
      return { text: `${value}n`, kind: "BigInt", open: false };
    case "number":
    case "boolean":
      return { text: String(value), open: false };
    case "function":
    case "symbol":
      return { text: String(value), open: false };
  }
  if (value instanceof Date)
    return {
      text: Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString(),
      kind: "Date",
      open: false,
    };
  if (value instanceof Map) return { text: "", kind: `Map(${value.size})`, open: true };
  if (value instanceof Set) return { text: "", kind: `Set(${value.size})`, open: true };
  if (Array.isArray(value)) return { text: "", kind: `Array(${value.length})`, open: true };
  return { text: "", kind: `{${Object.keys(value as object).length}}`, open: true };
}

type Entry = [label: ReactNode, value: unknown];

function entriesOf(value: unknown): Entry[] {
  if (value instanceof Map)
    return Array.from(value, ([k, v], i) => [
      // biome-ignore lint/suspicious/noArrayIndexKey: Map entries are positional
      <span key={i}>
        {describeValue(k).text || describeValue(k).kind} {"=>"}
      </span>,
      v,
    ]);
  if (value instanceof Set) return Array.from(value, (v, i) => [String(i), v]);
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  return Object.entries(value as object);
}

/** The expand/collapse button of a tree row. */
function Toggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="sd-toggle"
      aria-expanded={open}
      aria-label={open ? "Collapse" : "Expand"}
      onClick={onToggle}
    >
      {open ? "▾" : "▸"}
    </button>
  );
}

function Node({ label, value, depth }: { label: ReactNode; value: unknown; depth: number }) {
  const info = describeValue(value);
  const [open, setOpen] = useState(depth < 2);
  const leaf = !info.open;
  return (
    <li>
      {leaf ? (
        <span className="sd-toggle" />
      ) : (
        <Toggle open={open} onToggle={() => setOpen(!open)} />
      )}
      <span className="sd-key">{label}</span>
      {label === "" ? "" : ": "}
      {info.text ? (
        <span className={typeof value === "string" ? "sd-str" : undefined}>{info.text}</span>
      ) : null}
      {info.kind ? <span className="sd-kind"> {info.kind}</span> : null}
      {!leaf && open ? <Children value={value} depth={depth + 1} /> : null}
    </li>
  );
}

function Children({ value, depth }: { value: unknown; depth: number }) {
  const entries = entriesOf(value);
  if (entries.length <= BUCKET)
    return (
      <ul className="sd-tree">
        {entries.map(([label, v], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries are positional
          <Node key={i} label={label} value={v} depth={depth} />
        ))}
      </ul>
    );
  // Large arrays expand in buckets of 100, so a 10,000-element array costs 100 nodes when opened.
  const buckets: Entry[] = [];
  for (let start = 0; start < entries.length; start += BUCKET) {
    const end = Math.min(start + BUCKET, entries.length) - 1;
    buckets.push([`[${start}…${end}]`, new Bucket(entries.slice(start, end + 1))]);
  }
  return (
    <ul className="sd-tree">
      {buckets.map(([label, bucket], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: buckets are positional
        <BucketNode key={i} label={label} bucket={bucket as Bucket} depth={depth} />
      ))}
    </ul>
  );
}

class Bucket {
  constructor(readonly entries: Entry[]) {}
}

function BucketNode({ label, bucket, depth }: { label: ReactNode; bucket: Bucket; depth: number }) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <Toggle open={open} onToggle={() => setOpen(!open)} />
      <span className="sd-kind">{label}</span>
      {open ? (
        <ul className="sd-tree">
          {bucket.entries.map(([l, v], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries are positional
            <Node key={i} label={l} value={v} depth={depth} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * A value as a collapsible tree: Date, BigInt, Map and Set shown as what they are. Everything is
 * rendered as text, so a payload holding markup stays inert.
 */
export function ValueTree({ value, label = "" }: { value: unknown; label?: string }) {
  return (
    <ul className="sd-tree">
      <Node label={label} value={value} depth={0} />
    </ul>
  );
}
