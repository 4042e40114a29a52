/**
 * One queue per stream: work on a stream runs after the work queued on it before, so commands on
 * one aggregate in one process never race each other into version conflicts. Other streams are not
 * held up. A lane is dropped once it drains.
 */
export class StreamLanes {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(stream);
    const result = previous ? previous.then(work, work) : work();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(stream, tail);
    void tail.then(() => {
      if (this.#tails.get(stream) === tail) this.#tails.delete(stream);
    });
    return result;
  }

  /** How many streams have work queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}
