/**
 * The eigenvalue annulus's own logic (the theory is tested in theory.test.ts): which requests reach
 * the theory worker and when (supersede, coalesce, ignore stale replies), what the worker replies for
 * good and bad input, the stability indicator's verdict for given numbers, and the view helpers.
 */
import { describe, expect, it } from 'vitest';
import { systemFingerprint, type TheoryEvent, TheoryScheduler } from '../src/app/spectrumRequests';
import { syntheticBatch } from '../src/core/batch';
import { createNetwork, type Network } from '../src/core/network';
import {
  type FromTheory,
  SIGMA_MAX_N,
  type TheoryProgressReply,
  type ToTheory,
} from '../src/core/theoryProtocol';
import { densityBands } from '../src/panels/annulus/DensityRing';
import { trackedModes } from '../src/panels/annulus/draw';
import {
  fmt,
  maxStableEtaLambda,
  nearestPoint,
  outsideView,
  verdict,
  viewRadius,
} from '../src/panels/annulus/model';
import { defaultConfig } from '../src/state/schema';
import { liveEtaH } from '../src/state/spectrum';
import {
  eigenvaluesOfM,
  iterationMatrix,
  linearizedSystem,
  singularValuesOfA,
  spectralRadius,
} from '../src/theory';
import { TheoryHandler } from '../src/worker/theoryHandler';

const D = 6;
const C = 3;

function smallNet(width = 3, depth = 4, act: Network['act'] = 'tanh', seed = 1): Network {
  return createNetwork({ arch: 'residual', act, param: 'mupc', inputDim: D, width, depth, classes: C }, seed);
}
const input = (seed = 2) => syntheticBatch(1, D, C, seed).x.data;

/** A transport that records what the scheduler sends, answers on demand, and what it passes on. */
function recorder() {
  const posted: ToTheory[] = [];
  const answers: Array<(reply: FromTheory) => void> = [];
  const progressOf: Array<(progress: TheoryProgressReply) => void> = [];
  const delivered: TheoryEvent[] = [];
  let restarts = 0;
  const scheduler = new TheoryScheduler(
    {
      request: (m, onProgress) => {
        posted.push(m);
        progressOf.push(onProgress);
        return new Promise<FromTheory>((resolve) => answers.push(resolve));
      },
      restart: () => {
        restarts++;
      },
    },
    (event) => delivered.push(event),
  );
  /** Answers request `i` and lets the reply through the promise chain. */
  const answer = async (i: number, reply: FromTheory) => {
    answers[i](reply);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { scheduler, posted, answer, progressOf, delivered, restarts: () => restarts };
}

const sigmasReply = (m: ToTheory): FromTheory => ({
  type: 'sigmas',
  key: m.key,
  n: 3,
  linearized: true,
  sigmas: new Float64Array([2, 1, 0.5]),
  detail: {
    method: 'dense',
    sigmaMin: 0.5,
    sigmaMax: 2,
    residualMin: 0,
    residualMax: 0,
    edges: new Float64Array([0.5, 2]),
    mass: new Float64Array([1]),
  },
  ms: 1,
});
const exactReply = (m: ToTheory): FromTheory => {
  if (m.type !== 'exact') throw new Error('not an exact request');
  const { key, etaH, etaLambda } = m;
  return {
    type: 'exact',
    key,
    etaH,
    etaLambda,
    re: new Float64Array(2),
    im: new Float64Array(2),
    ms: 1,
    rho: 0,
    complete: true,
    converged: true,
    residual: 0,
  };
};

describe('TheoryScheduler', () => {
  const net = smallNet();
  const x = input();

  it('asks for a system once, however often the same one is re-sent', () => {
    const { scheduler, posted } = recorder();
    expect(scheduler.requestSystem('a', net, x, 0)).toBe(true);
    expect(scheduler.requestSystem('a', net, x, 0)).toBe(false);
    expect(posted.map((m) => m.type)).toEqual(['system']);
    expect(scheduler.busy).toBe('system');
  });

  it('passes on progress of the running request without ending it; drops stale progress', async () => {
    const { scheduler, posted, answer, progressOf, delivered } = recorder();
    scheduler.requestSystem('a', net, x, 0);
    const progress: TheoryProgressReply = { type: 'progress', key: 'a', stage: 'sigma', fraction: 0.5 };
    progressOf[0](progress);
    expect(delivered).toEqual([progress]);
    expect(scheduler.busy).toBe('system');
    await answer(0, sigmasReply(posted[0]));
    expect(delivered.map((e) => e.type)).toEqual(['progress', 'sigmas']);
    expect(scheduler.busy).toBeNull();
    progressOf[0](progress); // the request has ended: its late progress is dropped
    expect(delivered).toHaveLength(2);
  });

  it('a new system stops the running one (worker restart) and ignores its late reply', async () => {
    const { scheduler, posted, answer, delivered, restarts } = recorder();
    scheduler.requestSystem('a', net, x, 0);
    scheduler.requestSystem('b', net, x, 1);
    expect(restarts()).toBe(1);
    expect(posted.map((m) => m.key)).toEqual(['a', 'b']);
    await answer(0, sigmasReply(posted[0]));
    expect(delivered).toEqual([]);
    await answer(1, sigmasReply(posted[1]));
    expect(delivered.map((e) => e.key)).toEqual(['b']);
    expect(scheduler.busy).toBeNull();
  });

  it('holds exact requests until σ is in, then sends only the latest rates', async () => {
    const { scheduler, posted, answer } = recorder();
    scheduler.requestSystem('a', net, x, 0);
    for (let k = 0; k <= 10; k++) scheduler.requestExact({ etaH: 0.25, etaLambda: k / 10 });
    expect(posted).toHaveLength(1);
    expect(scheduler.exactOutstanding).toBe(true);
    await answer(0, sigmasReply(posted[0]));
    expect(posted).toHaveLength(2);
    expect(posted[1]).toMatchObject({ type: 'exact', key: 'a', etaH: 0.25, etaLambda: 1 });
  });

  it('coalesces a drag: one exact runs, one waits, the last rates win; repeats are not re-sent', async () => {
    const { scheduler, posted, answer, delivered } = recorder();
    scheduler.requestSystem('a', net, x, 0);
    await answer(0, sigmasReply(posted[0]));
    scheduler.requestExact({ etaH: 0.25, etaLambda: 0.1 });
    scheduler.requestExact({ etaH: 0.25, etaLambda: 0.2 });
    scheduler.requestExact({ etaH: 0.25, etaLambda: 0.3 });
    expect(posted).toHaveLength(2);
    await answer(1, exactReply(posted[1]));
    expect(delivered.at(-1)?.type).toBe('exact');
    expect(posted).toHaveLength(3);
    expect(posted[2]).toMatchObject({ etaLambda: 0.3 });
    scheduler.requestExact({ etaH: 0.25, etaLambda: 0.3 }); // already running
    expect(posted).toHaveLength(3);
    await answer(2, exactReply(posted[2]));
    expect(scheduler.exactOutstanding).toBe(false);
    scheduler.requestExact({ etaH: 0.25, etaLambda: 0.3 }); // already answered
    expect(posted).toHaveLength(3);
    scheduler.requestExact({ etaH: 0.3, etaLambda: 0.3 });
    expect(posted).toHaveLength(4);
  });

  it('a new system drops waiting exact requests; a failed system sends none', async () => {
    const { scheduler, posted, answer, delivered } = recorder();
    scheduler.requestSystem('a', net, x, 0);
    scheduler.requestExact({ etaH: 0.25, etaLambda: 1 });
    scheduler.requestSystem('b', net, x, 0);
    const failed: FromTheory = { type: 'error', key: 'b', message: 'no' };
    await answer(1, failed);
    expect(delivered).toEqual([failed]);
    scheduler.requestExact({ etaH: 0.25, etaLambda: 1 });
    expect(posted.map((m) => m.type)).toEqual(['system', 'system']);
  });

  it('forgets everything when the worker is lost, and asks again', () => {
    const { scheduler, posted, restarts } = recorder();
    scheduler.requestSystem('a', net, x, 0);
    scheduler.workerLost();
    expect(scheduler.busy).toBeNull();
    expect(scheduler.requestSystem('a', net, x, 0)).toBe(true);
    expect(restarts()).toBe(0);
    expect(posted).toHaveLength(2);
  });
});

describe('systemFingerprint', () => {
  it('is the same for copies and differs for any changed weight or input value', () => {
    const net = smallNet();
    const copy: Network = structuredClone(net);
    const x = input();
    const key = systemFingerprint(net, x);
    expect(systemFingerprint(copy, Float32Array.from(x))).toBe(key);
    copy.W[1].data[2] += 1e-6;
    expect(systemFingerprint(copy, x)).not.toBe(key);
    const x2 = Float32Array.from(x);
    x2[0] = -x2[0] || 1;
    expect(systemFingerprint(net, x2)).not.toBe(key);
    expect(systemFingerprint({ ...net, act: 'relu' }, x)).not.toBe(key);
  });
});

describe('TheoryHandler', () => {
  it('replies with σ(A) and, for that system, the exact eigenvalues of M', () => {
    const net = smallNet(3, 4, 'tanh');
    const x = input();
    const handler = new TheoryHandler();
    const s = handler.handle({ type: 'system', key: 'k', network: net, x, sample: 0 }).reply;
    if (s.type !== 'sigmas') throw new Error(`expected sigmas, got ${JSON.stringify(s)}`);
    const sys = linearizedSystem(net, x);
    expect(s.n).toBe(9);
    expect(s.linearized).toBe(true);
    expect(Array.from(s.sigmas)).toEqual(Array.from(singularValuesOfA(sys)));
    for (let k = 1; k < s.sigmas.length; k++) expect(s.sigmas[k]).toBeLessThanOrEqual(s.sigmas[k - 1]);

    const e = handler.handle({ type: 'exact', key: 'k', etaH: 0.2, etaLambda: 1.3 }).reply;
    if (e.type !== 'exact') throw new Error(`expected exact, got ${JSON.stringify(e)}`);
    const reference = eigenvaluesOfM(iterationMatrix(sys, 0.2, 1.3));
    expect(e.re).toHaveLength(18);
    expect(Array.from(e.re)).toEqual(Array.from(reference.re));
    expect(Array.from(e.im)).toEqual(Array.from(reference.im));
  });

  it('answers bad input with an error reply, never a throw', () => {
    const handler = new TheoryHandler();
    const net = smallNet();
    const x = input();
    const send = (m: ToTheory) => handler.handle(m).reply;
    expect(send({ type: 'exact', key: 'nothing', etaH: 0.2, etaLambda: 1 }).type).toBe('error');
    expect(send({ type: 'system', key: 'short', network: net, x: x.slice(1), sample: 0 }).type).toBe('error');
    const broken: Network = structuredClone(net);
    broken.W[0].data[0] = Number.NaN;
    expect(send({ type: 'system', key: 'nan', network: broken, x, sample: 0 }).type).toBe('error');
    const huge = { ...net, width: SIGMA_MAX_N, depth: 3 };
    const tooBig = send({ type: 'system', key: 'big', network: huge, x, sample: 0 });
    expect(tooBig.type === 'error' && tooBig.message).toMatch(/above the limit/);
    expect(send({ type: 'system', key: 'ok', network: net, x, sample: 0 }).type).toBe('sigmas');
    expect(send({ type: 'exact', key: 'ok', etaH: Number.NaN, etaLambda: 1 }).type).toBe('error');
    expect(send({ type: 'exact', key: 'ok', etaH: 0.2, etaLambda: -1 }).type).toBe('error');
  });

  it('above the dense size answers from the matrix-free path: σ extremes, density, ρ(M), progress', () => {
    const handler = new TheoryHandler();
    const net = smallNet(20, 8, 'identity'); // n = 140 > 128
    const x = input();
    const progress: number[] = [];
    const s = handler.handle({ type: 'system', key: 'k', network: net, x, sample: 0 }, (p) =>
      progress.push(p.fraction),
    ).reply;
    if (s.type !== 'sigmas') throw new Error(`expected sigmas, got ${JSON.stringify(s)}`);
    expect(s.detail.method).toBe('matrixFree');
    const exact = singularValuesOfA(linearizedSystem(net, x));
    expect(s.detail.sigmaMax / exact[0]).toBeCloseTo(1, 6);
    expect(s.detail.sigmaMin / exact[exact.length - 1]).toBeCloseTo(1, 6);
    expect(s.sigmas).toHaveLength(140);
    expect(s.detail.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(progress.length).toBeGreaterThan(0);
    const reply = handler.handle({ type: 'exact', key: 'k', etaH: 0.2, etaLambda: 1 }).reply;
    if (reply.type !== 'exact') throw new Error(`expected exact, got ${JSON.stringify(reply)}`);
    const dense = eigenvaluesOfM(iterationMatrix(linearizedSystem(net, x), 0.2, 1));
    expect(reply.complete).toBe(false);
    expect(reply.rho / spectralRadius(dense.re, dense.im)).toBeCloseTo(1, 6);
    expect(spectralRadius(reply.re, reply.im)).toBe(reply.rho);
  });
});

describe('stability indicator', () => {
  const base = { n: 10, rhoClosed: 0.9, rhoExact: null };

  it('compares η_h σ_max² with the Jury ceiling 4/(2 + η_λ), numbers shown', () => {
    // σ_max = 2, η_h = 0.25: η_h σ_max² = 1.
    const stable = verdict({ ...base, sigmaMax: 2, etaH: 0.25, etaLambda: 1 });
    expect(stable.kind).toBe('stable');
    expect(stable.value).toBeCloseTo(1, 12);
    expect(stable.ceiling).toBeCloseTo(4 / 3, 12);
    expect(stable.comparison).toBe('η_h σ_max² = 1 < 4/(2 + η_λ) = 1.333');

    const unstable = verdict({ ...base, sigmaMax: 2, etaH: 0.25, etaLambda: 2.4 });
    expect(unstable.kind).toBe('unstable');
    expect(unstable.comparison).toBe('η_h σ_max² = 1 ≥ 4/(2 + η_λ) = 0.9091');
    expect(unstable.headline).toMatch(/Unstable/);
    expect(unstable.notes.join(' ')).toMatch(/z = −1/);
  });

  it('at η_λ = 0 says the dual block is frozen (ρ = 1), or unstable past PC’s bound η_h σ² < 2', () => {
    const frozen = verdict({ ...base, sigmaMax: 2, etaH: 0.25, etaLambda: 0 });
    expect(frozen.kind).toBe('frozen');
    expect(frozen.notes.join(' ')).toMatch(/10 eigenvalues sit at z = 1/);
    expect(verdict({ ...base, sigmaMax: 2, etaH: 0.5, etaLambda: 0 }).kind).toBe('unstable');
  });

  it('reports both spectral radii and flags a readout that breaks the closed form’s verdict', () => {
    const v = verdict({ ...base, sigmaMax: 1, etaH: 0.5, etaLambda: 1, rhoClosed: 0.95, rhoExact: 1.01 });
    // The verdict is ρ(M) itself; the Jury comparison (which passes) stands beside it.
    expect(v.kind).toBe('unstable');
    expect(v.headline).toBe('Unstable: ρ(M) = 1.01 ≥ 1, inference diverges (grows ×1.01 per step)');
    expect(v.comparison).toBe('η_h σ_max² = 0.5 < 4/(2 + η_λ) = 1.333');
    expect(v.notes[0]).toBe('ρ = 0.95 (closed form), ρ(M) = 1.01 (with readout)');
    expect(v.notes.join(' ')).toMatch(/readout block pushes/);
    const s = verdict({
      ...base,
      sigmaMax: 1,
      etaH: 0.5,
      etaLambda: 1,
      rhoExact: 0.99,
      rhoUnconverged: true,
    });
    expect(s.kind).toBe('stable');
    expect(s.headline).toBe('Stable: ρ(M) = 0.99 < 1 (margin 1 − ρ = 0.01, half-life 69 steps)');
    expect(s.notes[0]).toMatch(/not fully converged/);
  });

  it('gives the largest stable η_λ', () => {
    expect(maxStableEtaLambda(2, 0.25)).toBeCloseTo(2, 12);
    expect(maxStableEtaLambda(2, 0.5)).toBeCloseTo(0, 12);
    expect(maxStableEtaLambda(0, 0.5)).toBe(Number.POSITIVE_INFINITY);
  });

  it('formats what is not a finite number as a dash', () => {
    expect(fmt(Number.NaN)).toBe('—');
    expect(fmt(null)).toBe('—');
    expect(fmt(0.99995, 4)).toBe('1');
    expect(fmt(2e-5)).toBe('2.0e-5');
  });
});

describe('view helpers', () => {
  const set = { re: new Float64Array([0.5, -2, 0.1, 5]), im: new Float64Array([0.5, 0, -0.2, 0]) };

  it('frames the unit circle, widens for outliers up to a cap, and counts what is cut off', () => {
    expect(viewRadius(null)).toBeCloseTo(1.15);
    expect(viewRadius({ re: new Float64Array([-2]), im: new Float64Array([0]) })).toBeCloseTo(2.12);
    const r = viewRadius(set);
    expect(r).toBe(3.5);
    expect(outsideView(set, r)).toEqual({ count: 1, maxAbs: 5 });
  });

  it('finds the nearest point within reach only', () => {
    expect(nearestPoint(set, 0.12, -0.18, 0.05)).toBe(2);
    expect(nearestPoint(set, 3, 3, 0.05)).toBe(-1);
  });

  it('tracks at most `count` modes that can be complex, spread over the ring', () => {
    const sigmas = Float64Array.from({ length: 200 }, (_, k) => 0.05 + (2.2 * k) / 199);
    const etaH = 0.25; // η_h σ² ≥ 1 for σ ≥ 2: those modes are left out
    const { modes, radii } = trackedModes(sigmas, etaH, 12);
    expect(modes.length).toBeGreaterThan(8);
    expect(modes.length).toBeLessThanOrEqual(12);
    for (const [i, k] of modes.entries()) {
      expect(etaH * sigmas[k] ** 2).toBeLessThan(1);
      expect(radii[i]).toBeCloseTo(Math.sqrt(1 - etaH * sigmas[k] ** 2), 12);
    }
    expect(trackedModes(new Float64Array([5, 6]), etaH, 12).modes).toHaveLength(0);
  });

  it('uses the hand-set η_h live, else the η_h the engine used', () => {
    const config = defaultConfig();
    const info = { etaH: 0.23 } as unknown as NonNullable<Parameters<typeof liveEtaH>[0]['run']>['info'];
    const run = { info } as NonNullable<Parameters<typeof liveEtaH>[0]['run']>;
    expect(liveEtaH({ config, run: null })).toBeNull();
    expect(liveEtaH({ config, run })).toBe(0.23);
    expect(liveEtaH({ config: { ...config, etaH: 0.5 }, run })).toBe(0.5);
  });
});

describe('σ density on the ring', () => {
  it('puts each bin at √(1 − η_h σ²), darkest where modes crowd, leaving out η_h σ² ≥ 1', () => {
    // Bins [0.1, 0.2], [0.2, 0.3], [0.3, 2]: at η_h = 1 the last straddles σ = 1 and keeps its part below.
    const bands = densityBands([0.1, 0.2, 0.3, 2], [0.5, 0.3, 0.2], 1);
    expect(bands).toHaveLength(3);
    expect(bands[0].outer).toBeCloseTo(Math.sqrt(1 - 0.01), 12);
    expect(bands[0].inner).toBeCloseTo(Math.sqrt(1 - 0.04), 12);
    expect(bands[2].inner).toBe(0);
    expect(Math.max(...bands.map((b) => b.opacity))).toBe(1);
    for (const b of bands) expect(b.inner).toBeLessThan(b.outer);
    // Past σ = 1/√η_h nothing is drawn.
    expect(densityBands([2, 3], [1], 1)).toHaveLength(0);
  });
});
