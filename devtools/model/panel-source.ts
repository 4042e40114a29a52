import type { Message } from "../../core/index.js";

/** A state rebuilt where the app's apply handlers run (the Node bridge), for a panel that has none. */
export interface RemoteState {
  readonly version: number;
  readonly state: Record<string, unknown>;
  readonly failure: { position: number; type: string; message: string } | undefined;
}

/**
 * Where the panel reads when the store is not in the page (the Node bridge): what to show first,
 * a stream whole when it is opened, and states from the server. Without one, the panel reads
 * every category of the domain's aggregates.
 */
export interface PanelSource {
  /** The messages shown at open, in global order (a large store: its latest part). */
  readonly readInitial: () => Promise<Message[]>;
  /** A stream (and its snapshot stream) in full, read when the stream is opened. */
  readonly readStream?: ((streamName: string) => Promise<Message[]>) | undefined;
  /** The state after the event at `version`, rebuilt by the app; undefined where no app runs. */
  readonly stateAt?: ((streamName: string, version: number) => Promise<RemoteState>) | undefined;
  /** Said where the state would be, when `stateAt` is missing. */
  readonly noState?: string | undefined;
}
