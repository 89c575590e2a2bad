/** The text around the annulus plane: the stability indicator, the legend and the status of the worker. */

import { estimateSigmaSeconds, SIGMA_MAX_N } from '../../core/theoryProtocol';
import type { SpectrumState } from '../../state/spectrum';
import { fmt, maxStableEtaLambda, type Verdict } from './model';

export function VerdictBox({
  verdict,
  sigmaMax,
  etaH,
}: {
  verdict: Verdict;
  sigmaMax: number;
  etaH: number;
}) {
  const limit = maxStableEtaLambda(sigmaMax, etaH);
  return (
    <div className={`annulus-verdict annulus-${verdict.kind}`} role="status" data-testid="annulus-verdict">
      <strong>{verdict.headline}</strong>
      <div>{verdict.comparison}</div>
      {verdict.notes.map((note) => (
        <div key={note}>{note}</div>
      ))}
      {Number.isFinite(limit) && (
        <div className="annulus-muted">
          {limit > 0
            ? `At this η_h every mode is stable for η_λ < ${fmt(limit, 4)}.`
            : 'At this η_h no η_λ ≥ 0 is stable (PC-ALM needs η_h σ_max² < 2).'}
        </div>
      )}
    </div>
  );
}

export function Legend(props: {
  etaLambda: number;
  exactEtaLambda: number | null;
  showExact: boolean;
  /** The exact set holds only the outermost eigenvalues (matrix-free path). */
  exactPartial?: boolean;
  /** The σ density is drawn on the ring. */
  showDensity?: boolean;
  exactStale: boolean;
  /** The predicted ring is drawn (theory overlays on). */
  showRing: boolean;
  excluded: number;
  tracked: number;
}) {
  return (
    <ul className="annulus-legend">
      <li title="Roots of z² − (2 − a(1 + η_λ)) z + (1 − a) = 0 with a = η_h σ², one pair per singular value σ of A (spec §7)">
        <span className="annulus-swatch annulus-swatch-closed" aria-hidden="true" />
        closed form per σ of A, readout dropped (η_λ = {fmt(props.etaLambda)}, follows the slider)
      </li>
      {props.showExact && (
        <li>
          <span className="annulus-swatch annulus-swatch-exact" aria-hidden="true" />
          {props.exactPartial ? 'outermost eigenvalues of M (Arnoldi)' : 'exact M'}, readout included (η_λ ={' '}
          {fmt(props.exactEtaLambda)}
          {props.exactStale ? ', faded: updating…' : ''})
        </li>
      )}
      {props.showDensity && (
        <li title="Histogram of the singular values σ of A, each bin drawn as a band at |z| = √(1 − η_h σ²): darker where more modes sit">
          <span className="annulus-swatch annulus-swatch-density" aria-hidden="true" />
          where the modes are: density of σ(A) on the ring at |z| = √(1 − η_h σ²)
        </li>
      )}
      {props.showRing && (
        <li title="Every complex eigenvalue has |z| = √(1 − η_h σ²) for some σ of A, whatever η_λ is (spec §7)">
          <span className="annulus-swatch annulus-swatch-ring" aria-hidden="true" />
          predicted annulus √(1 − η_h σ_max²) ≤ |z| ≤ √(1 − η_h σ_min²)
          {props.excluded > 0 && ` (${props.excluded} modes with η_h σ² ≥ 1 stay real and are left out)`}
        </li>
      )}
      {props.tracked > 0 && (
        <li>
          <span className="annulus-swatch annulus-swatch-tracked" aria-hidden="true" />
          {props.tracked} modes singled out, each on its circle |z| = √(1 − η_h σ²) while complex: η_λ moves
          them along it
        </li>
      )}
      <li title="|z| < 1 for every eigenvalue (spectral radius below 1) is what makes inference converge">
        <span className="annulus-swatch annulus-swatch-unit" aria-hidden="true" />
        unit circle: inside it, the mode decays
      </li>
    </ul>
  );
}

function percent(s: SpectrumState, stage: 'sigma' | 'rho'): string {
  return s.progress?.stage === stage ? ` ${Math.round(100 * s.progress.fraction)} %` : '';
}

/** One line on what the figure shows and what the worker is doing; null when there is nothing to say. */
export function statusText(s: SpectrumState, hasRun: boolean): string {
  const n = s.n;
  switch (s.status) {
    case 'none':
      return hasRun ? 'Preparing the spectrum…' : 'Starting the engine…';
    case 'computing':
      return `computing σ(A) for n = N(L−1) = ${n.toLocaleString('en')}…${percent(s, 'sigma')}`;
    case 'onRequest':
      return `n = N(L−1) = ${n}: the singular values of A take about ${fmt(estimateSigmaSeconds(n), 2)} s.`;
    case 'tooLarge':
      return `n = N(L−1) = ${n.toLocaleString('en')} is above ${SIGMA_MAX_N.toLocaleString('en')}: the spectrum would take minutes here.`;
    case 'error':
      return `No spectrum: ${s.message ?? 'unknown problem'}.`;
    case 'ready': {
      const where = s.linearized
        ? `linearised at sample ${s.sample} (forward pass)`
        : 'φ = identity: the system is exactly linear';
      const time = s.sigmaMs === null ? '' : ` in ${fmt(s.sigmaMs / 1000, 2)} s`;
      const d = s.sigmaDetail;
      if (d?.method === 'matrixFree') {
        const count = s.sigmas?.length ?? 0;
        return (
          `n = ${n.toLocaleString('en')}, ${(2 * n).toLocaleString('en')} eigenvalues · ` +
          `σ(A) ∈ [${fmt(d.sigmaMin, 5)}, ${fmt(d.sigmaMax, 5)}] by Lanczos, its density by stochastic ` +
          `Lanczos quadrature${time} (closed form for ${count} representative σ) · ${where}`
        );
      }
      return `n = ${n}, ${2 * n} eigenvalues · ${where} · σ(A)${time}`;
    }
  }
}

/** What the ρ(M) overlay is doing. */
export function exactText(s: SpectrumState, stale: boolean): string {
  if (s.status !== 'ready') return '';
  if (s.exactBusy || stale) return `ρ(M) with the readout: computing…${percent(s, 'rho')}`;
  const e = s.exact;
  if (e && !e.complete) {
    const check = e.converged
      ? `residual ≤ ${fmt(e.residual, 2)}`
      : `not converged (residual ${fmt(e.residual, 2)})`;
    return `ρ(M) and the ${e.re.length} outermost eigenvalues of M with the readout, by Arnoldi (${check}), in ${fmt(e.ms / 1000, 2)} s`;
  }
  if (e) return `exact M in ${fmt(e.ms, 2)} ms (all ${e.re.length} eigenvalues, readout included)`;
  return s.message ?? '';
}
