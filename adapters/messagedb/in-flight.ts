/**
 * The calls a store is running, so `close()` can wait for them and then settle the ones that
 * never finish (pg-pool's `end()` drops queued `connect()` calls without settling them).
 */
export class InFlight {
  /** Each running call's settled promise, and how to fail it early. */
  readonly #running = new Map<Promise<void>, (error: Error) => void>();

  /** Runs `work`; its promise settles with the work, or with the error given to `abandon`. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = work().then(resolve, reject);
      this.#running.set(done, reject);
      void done.then(() => this.#running.delete(done));
    });
  }

  /** Resolves true once every running call has settled, or false after `ms`. */
  async settled(ms: number): Promise<boolean> {
    const all = Promise.all([...this.#running.keys()]).then(() => true);
    return (await withinMs(all, ms, false)) === true;
  }

  /** Fails every call still running with `error` (their work may still finish, unobserved). */
  abandon(error: Error): void {
    for (const reject of this.#running.values()) reject(error);
    this.#running.clear();
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
