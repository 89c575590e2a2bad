/**
 * The one worker-client shape (app/workerChannel.ts) in Node: a fake Worker whose "worker side" is
 * comlink on the transferred port, as the real workers do (core/remotePort.ts).
 */
import { describe, expect, it } from 'vitest';
import { WorkerChannel, WorkerStoppedError } from '../src/app/workerChannel';
import { acceptRemotePort } from '../src/core/remotePort';

interface EchoApi {
  double(x: number): Promise<number>;
  never(): Promise<number>;
}

/** A stand-in Worker: plain messages are recorded, the port message gets the API exposed on it. */
class FakeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  readonly plain: unknown[] = [];
  terminated = false;
  private readonly api: EchoApi = {
    double: async (x) => 2 * x,
    never: () => new Promise<number>(() => undefined),
  };
  postMessage(data: unknown): void {
    if (!acceptRemotePort(data, this.api)) this.plain.push(data);
  }
  terminate(): void {
    this.terminated = true;
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined });
  }
}

function channel() {
  const workers: FakeWorker[] = [];
  const crashes: string[] = [];
  const received: unknown[] = [];
  const ch = new WorkerChannel<{ type: string }, unknown, EchoApi>({
    create: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    receive: (message) => received.push(message),
    onCrash: (reason) => crashes.push(reason),
  });
  return { ch, workers, crashes, received };
}

describe('WorkerChannel', () => {
  it('starts lazily, sends plain messages and answers calls over comlink on the same worker', async () => {
    const { ch, workers } = channel();
    expect(ch.running).toBe(false);
    ch.send({ type: 'hello' });
    expect(await ch.call((api) => api.double(21))).toBe(42);
    expect(await ch.call((api) => api.double(2))).toBe(4);
    expect(workers).toHaveLength(1);
    expect(workers[0].plain).toEqual([{ type: 'hello' }]);
  });

  it('rejects a waiting call when the worker is stopped, and the next call starts a fresh worker', async () => {
    const { ch, workers } = channel();
    const waiting = ch.call((api) => api.never());
    await new Promise((r) => setTimeout(r, 10));
    ch.stop();
    await expect(waiting).rejects.toBeInstanceOf(WorkerStoppedError);
    expect(workers[0].terminated).toBe(true);
    expect(await ch.call((api) => api.double(5))).toBe(10);
    expect(workers).toHaveLength(2);
  });

  it('a crash says why, rejects what waited, and sendIfRunning sends nothing to a dead worker', async () => {
    const { ch, workers, crashes } = channel();
    const waiting = ch.call((api) => api.never());
    workers[0].crash('out of memory');
    await expect(waiting).rejects.toThrow(/stopped before it answered/);
    expect(crashes).toEqual(['out of memory']);
    expect(ch.running).toBe(false);
    ch.sendIfRunning({ type: 'pause' });
    expect(workers).toHaveLength(1);
  });
});
