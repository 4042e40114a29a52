/**
 * The calls a store is running, so `close()` can wait for them and then settle the ones that
 * never finish (pg-pool's `end()` drops queued `connect()` calls without settling them).
 */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  readonly #abandoned: Promise<never>;
  #abandon: (error: Error) => void = () => {};

  constructor() {
    this.#abandoned = new Promise<never>((_, reject) => {
      this.#abandon = reject;
    });
    // Rejected only to settle callers' races; nobody else awaits it.
    this.#abandoned.catch(() => {});
  }

  /** Runs `work`; its promise settles with the work, or with the error given to `abandon`. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    const done = running.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(done);
    void done.then(() => this.#running.delete(done));
    return Promise.race([running, this.#abandoned]);
  }

  /** Resolves true once every running call has settled, or false after `ms`. */
  async settled(ms: number): Promise<boolean> {
    const all = Promise.all([...this.#running]).then(() => true);
    return (await withinMs(all, ms, false)) === true;
  }

  /** Fails every call still running with `error`. */
  abandon(error: Error): void {
    this.#abandon(error);
  }
}

/** `promise`'s value, or `fallback` when it takes longer than `ms`. */
export async function withinMs<T>(
  promise: Promise<T>,
  ms: number,
  fallback?: T,
): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T | undefined>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
