/**
 * The one order of a worker controller's work: messages, loop slices, snapshots and sweep slices run
 * one at a time, each after everything queued before it, so none interleaves with another's awaits.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Queues `work`; a failure goes to `onError` before the next queued work starts (a controller
   * reports it and fixes its state in order). The returned promise settles after both.
   */
  enqueue(work: () => Promise<void>, onError: (error: unknown) => void): Promise<void> {
    const done = this.tail.then(work).catch(onError);
    this.tail = done;
    return done;
  }

  /** Queues `work` and hands its result or error to the caller; the queue goes on either way. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
