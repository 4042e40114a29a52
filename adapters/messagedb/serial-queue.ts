/**
 * Runs tasks one at a time, in call order. PGlite executes one query at a time; queuing here
 * keeps a transaction's statements together instead of interleaving other callers' queries.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
