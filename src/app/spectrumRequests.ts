/**
 * Which theory request goes to the worker when (no Worker and no store here, so Node tests can drive
 * it). A worker runs one request at a time and cannot be interrupted, so:
 * - a new system (new network or probe input) supersedes everything: a running SVD is stopped by
 *   restarting the worker, and waiting requests are dropped;
 * - exact-eigenvalue requests coalesce: at most one runs and one waits, the latest rates win (a slider
 *   drag sends many);
 * - replies (and progress) of anything superseded are ignored.
 */
import type { Network } from '../core/network';
import type { FromTheory, TheoryProgressReply, ToTheory } from '../core/theoryProtocol';

export interface TheoryTransport {
  /** Sends one request; the promise is its reply (rejected when the worker stopped first). */
  request(message: ToTheory, onProgress: (progress: TheoryProgressReply) => void): Promise<FromTheory>;
  /** Stops the worker now (a fresh one starts with the next request). */
  restart(): void;
}

/** What the scheduler passes on: replies and progress of the request that is still current. */
export type TheoryEvent = FromTheory | TheoryProgressReply;

export interface Rates {
  etaH: number;
  etaLambda: number;
}

interface InFlight {
  /** Identity of the request: a reply is current only while this object is the one in flight. */
  token: object;
  kind: 'system' | 'exact';
  rates?: Rates;
}

const sameRates = (a: Rates | null | undefined, b: Rates | null | undefined) =>
  !!a && !!b && a.etaH === b.etaH && a.etaLambda === b.etaLambda;

export class TheoryScheduler {
  private inFlight: InFlight | null = null;
  private pendingExact: Rates | null = null;
  /** System asked for last; `readyKey` once the worker holds it. */
  private requestedKey: string | null = null;
  private readyKey: string | null = null;
  private answeredRates: Rates | null = null;

  constructor(
    private readonly transport: TheoryTransport,
    private readonly deliver: (event: TheoryEvent) => void,
  ) {}

  /** The system asked for last (being computed or held), or null. */
  get currentKey(): string | null {
    return this.requestedKey;
  }

  /** What the worker is doing now. */
  get busy(): InFlight['kind'] | null {
    return this.inFlight?.kind ?? null;
  }

  /** An exact request is running or waiting. */
  get exactOutstanding(): boolean {
    return this.inFlight?.kind === 'exact' || this.pendingExact !== null;
  }

  /** Asks for σ(A) of a new system; false (nothing sent) when it is the one asked for already. */
  requestSystem(key: string, network: Network, x: Float32Array, sample: number): boolean {
    if (key === this.requestedKey) return false;
    this.reset();
    this.requestedKey = key;
    this.send({ type: 'system', key, network, x, sample });
    return true;
  }

  /** Asks for the exact eigenvalues of M at these rates for the current system (latest wins). */
  requestExact(rates: Rates): void {
    if (this.requestedKey === null) return;
    const running = this.inFlight?.kind === 'exact' ? this.inFlight.rates : null;
    if (sameRates(rates, running) || (!this.inFlight && sameRates(rates, this.answeredRates))) {
      this.pendingExact = null;
      return;
    }
    this.pendingExact = { ...rates };
    this.flush();
  }

  /** Takes the reply of request `token`: passed on when it is still the current one, else dropped. */
  private settle(token: object, reply: FromTheory): void {
    const current = this.inFlight;
    if (current?.token !== token || reply.key !== this.requestedKey) return;
    this.inFlight = null;
    if (current.kind === 'system') this.readyKey = reply.type === 'sigmas' ? reply.key : null;
    else this.answeredRates = reply.type === 'exact' ? (current.rates ?? null) : null;
    this.flush();
    this.deliver(reply);
  }

  /** Forgets every request; stops the worker if it is busy (the only way to end a running SVD). */
  reset(): void {
    if (this.inFlight) this.transport.restart();
    this.inFlight = null;
    this.pendingExact = null;
    this.requestedKey = null;
    this.readyKey = null;
    this.answeredRates = null;
  }

  /** The worker died: whatever it held or was doing is gone. */
  workerLost(): void {
    this.inFlight = null;
    this.pendingExact = null;
    this.requestedKey = null;
    this.readyKey = null;
    this.answeredRates = null;
  }

  private flush(): void {
    if (this.inFlight || !this.pendingExact || this.readyKey === null) return;
    const rates = this.pendingExact;
    this.pendingExact = null;
    this.send({ type: 'exact', key: this.readyKey, ...rates }, rates);
  }

  private send(message: ToTheory, rates?: Rates): void {
    const token = {};
    this.inFlight = { token, kind: message.type, rates };
    const onProgress = (progress: TheoryProgressReply) => {
      if (this.inFlight?.token === token) this.deliver(progress);
    };
    this.transport.request(message, onProgress).then(
      (reply) => this.settle(token, reply),
      // Rejected: the worker was stopped (reset, a newer system) or crashed; both are handled there.
      () => undefined,
    );
  }
}

/** FNV-1a over 32-bit words, continued from `hash`. */
function fnv(hash: number, words: ArrayLike<number>): number {
  let h = hash;
  for (let i = 0; i < words.length; i++) {
    h ^= words[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function floatBits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * Identity of a linearised system: the engine re-sends a copy of the same network with every new
 * configuration (each η_λ step of a slider), and σ(A) must not be recomputed for those. Hashes the
 * exact float bits, so an imported network with the same settings still counts as new.
 */
export function systemFingerprint(network: Network, x: Float32Array): string {
  const { arch, act, param, inputDim, width, depth, classes } = network;
  let h1 = 0x811c9dc5;
  let h2 = 0x01234567;
  for (const w of network.W) {
    const bits = floatBits(w.data);
    h1 = fnv(h1, bits);
    h2 = fnv(h2 ^ w.rows, bits);
  }
  const scales = new Uint32Array(Float64Array.from(network.a).buffer);
  const input = floatBits(x);
  h1 = fnv(fnv(h1, scales), input);
  h2 = fnv(fnv(h2, input), scales);
  const hex = (v: number) => v.toString(16).padStart(8, '0');
  return `${arch}/${act}/${param}/${inputDim}x${width}x${depth}x${classes}/${hex(h1)}${hex(h2)}`;
}
