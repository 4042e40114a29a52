import { categoryOf, type Domain, type EventStore, type Message } from "../../core/store-kit.js";

/** Every category the domain knows: its aggregates' streams and their snapshot streams. */
export function knownCategories(domain: Domain): string[] {
  const categories: string[] = [];
  for (const category of domain.aggregateClasses.keys())
    categories.push(category, `${category}:snapshot`);
  return categories;
}

/** Every message of the categories, in global order (reads each category to its end). */
export async function readAll(
  store: EventStore,
  categories: readonly string[],
): Promise<Message[]> {
  const all: Message[] = [];
  for (const category of categories) {
    let from = 1;
    for (;;) {
      const batch = await store.readCategory(category, {
        fromGlobalPosition: from,
        batchSize: 1000,
      });
      all.push(...batch);
      const last = batch[batch.length - 1];
      if (!last || batch.length < 1000) break;
      from = last.globalPosition + 1;
      // In-memory stores answer in microtasks: yield to the page between batches, so reading a
      // large store is many short tasks instead of one long one.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return all.sort((a, b) => a.globalPosition - b.globalPosition);
}

/** The bytes a message takes as JSON (data plus metadata): what Equinox's `eqx` reports. */
export function messageBytes(message: Message): number {
  return (
    JSON.stringify(message.data).length +
    (message.metadata ? JSON.stringify(message.metadata).length : 0)
  );
}

/** What the streams view shows for one stream. */
export interface StreamSummary {
  readonly streamName: string;
  readonly category: string;
  readonly count: number;
  /** Position of the last message. */
  readonly version: number;
  readonly lastWrite: Date;
  /**
   * JSON bytes of its messages, or undefined while nobody shows them: measuring means encoding
   * every message again, which the panel does only while the streams view is open.
   */
  readonly bytes: number | undefined;
}

/**
 * Folds messages (in global order) into per-stream summaries, updating `into` in place: one new
 * summary per stream touched, however many of its messages there are. With `measure` false, bytes
 * are left undefined (see {@link StreamSummary.bytes}).
 */
export function summarize(
  messages: readonly Message[],
  into: Map<string, StreamSummary>,
  measure = true,
): void {
  const touched = new Map<
    string,
    { count: number; version: number; last: Message; bytes: number }
  >();
  for (const m of messages) {
    const t = touched.get(m.streamName);
    if (t) {
      t.count++;
      if (m.position > t.version) t.version = m.position;
      t.last = m;
      if (measure) t.bytes += messageBytes(m);
    } else
      touched.set(m.streamName, {
        count: 1,
        version: m.position,
        last: m,
        bytes: measure ? messageBytes(m) : 0,
      });
  }
  for (const [streamName, t] of touched) {
    const prev = into.get(streamName);
    into.set(streamName, {
      streamName,
      category: prev?.category ?? categoryOf(streamName),
      count: (prev?.count ?? 0) + t.count,
      version: Math.max(prev?.version ?? -1, t.version),
      lastWrite: t.last.time,
      bytes:
        measure && (prev === undefined || prev.bytes !== undefined)
          ? (prev?.bytes ?? 0) + t.bytes
          : undefined,
    });
  }
}

/** A commit: consecutive messages written together (same time, consecutive global positions). */
export interface CommitGroup {
  readonly key: string;
  readonly time: Date;
  readonly messages: readonly Message[];
}

/** Groups messages in global order into the commits that wrote them. */
export function groupCommits(messages: readonly Message[]): CommitGroup[] {
  const groups: { key: string; time: Date; messages: Message[] }[] = [];
  let current: { key: string; time: Date; messages: Message[] } | undefined;
  let lastGlobal = -1;
  for (const m of messages) {
    if (
      current &&
      m.time.getTime() === current.time.getTime() &&
      m.globalPosition === lastGlobal + 1
    )
      current.messages.push(m);
    else {
      current = { key: String(m.globalPosition), time: m.time, messages: [m] };
      groups.push(current);
    }
    lastGlobal = m.globalPosition;
  }
  return groups;
}

/** Filters of the feed. Text search covers the messages loaded in the panel (the whole store as read at open, plus live writes). */
export interface FeedFilter {
  readonly stream: string;
  readonly types: readonly string[];
  /** "include": only these types; "exclude": all but these. */
  readonly typeMode: "include" | "exclude";
  readonly text: string;
  readonly from: number | undefined;
  readonly to: number | undefined;
}

export const emptyFilter: FeedFilter = {
  stream: "",
  types: [],
  typeMode: "include",
  text: "",
  from: undefined,
  to: undefined,
};

/** A predicate for a filter; text matches type, stream name and the JSON of data and metadata. */
export function matcher(filter: FeedFilter): (m: Message) => boolean {
  const stream = filter.stream.toLowerCase();
  const text = filter.text.toLowerCase();
  const types = new Set(filter.types);
  return (m) => {
    if (stream && !m.streamName.toLowerCase().includes(stream)) return false;
    if (types.size > 0 && types.has(m.type) !== (filter.typeMode === "include")) return false;
    const t = m.time.getTime();
    if (filter.from !== undefined && t < filter.from) return false;
    if (filter.to !== undefined && t > filter.to) return false;
    if (text) {
      const hay = `${m.type} ${m.streamName} ${JSON.stringify(m.data)} ${JSON.stringify(m.metadata)}`;
      if (!hay.toLowerCase().includes(text)) return false;
    }
    return true;
  };
}
