/**
 * Panel 2, the eigenvalue annulus (spec §7): the eigenvalues of one PC-ALM iteration in the complex
 * plane. The closed form per singular value of A is recomputed here on every η_λ slider step (cheap),
 * so the complex pairs visibly slide along circles of fixed radius √(1 − η_h σ²); the density of σ is
 * drawn on the ring, and ρ(M) with the readout (with all of M's eigenvalues when n is small, its
 * outermost ones above) comes from the theory worker.
 */
import { useMemo, useState } from 'react';
import { liveEtaH, useSpectrum } from '../state/spectrum';
import { useApp } from '../state/store';
import { annulusRadii, modeEigenvalues } from '../theory/modes';
import { spectralRadius } from '../theory/spectrum';
import { Explain } from '../ui/explain/Explain';
import { AnnulusChart } from './annulus/AnnulusChart';
import { exactText, Legend, statusText, VerdictBox } from './annulus/AnnulusNotes';
import { trackedModes } from './annulus/draw';
import { fmt, outsideView, verdict, viewRadius } from './annulus/model';
import { Panel } from './Panel';
import './annulus/annulus.css';

/** Modes singled out (circle + highlighted points) when mode circles are on. */
const TRACKED_MODES = 12;

export function EigenAnnulus() {
  const etaLambda = useApp((s) => s.config.etaLambda);
  const etaH = useApp(liveEtaH);
  const hasRun = useApp((s) => s.run !== null);
  const spectrum = useSpectrum((s) => s);
  // Theory overlays show the ring and the mode circles; the checkbox overrides the circles until the
  // overlay switch next changes, so "overlays on" always shows all the theory at once.
  const overlays = useApp((s) => s.overlays);
  const [circlesChoice, setCirclesChoice] = useState<{ overlays: boolean; show: boolean } | null>(null);
  const showCircles = circlesChoice?.overlays === overlays ? circlesChoice.show : overlays;
  const setShowCircles = (show: boolean) => setCirclesChoice({ overlays, show });
  const { sigmas, sigmasKey, key, exact, n, sigmaDetail } = spectrum;

  const usable = sigmas !== null && sigmas.length > 0 && etaH !== null && etaH > 0;
  const closed = useMemo(
    () => (usable ? modeEigenvalues(sigmas, etaH, etaLambda) : null),
    [usable, sigmas, etaH, etaLambda],
  );
  const ring = useMemo(() => (usable ? annulusRadii(sigmas, etaH) : null), [usable, sigmas, etaH]);
  const tracked = useMemo(
    () => (usable && showCircles ? trackedModes(sigmas, etaH, TRACKED_MODES) : null),
    [usable, sigmas, etaH, showCircles],
  );

  const exactShown = exact !== null && exact.key === sigmasKey ? exact : null;
  const exactStale =
    exactShown !== null &&
    (exactShown.etaH !== etaH || exactShown.etaLambda !== etaLambda || key !== sigmasKey);
  const closedStale = spectrum.status === 'computing' && key !== sigmasKey;
  const rhoClosed = closed ? spectralRadius(closed.re, closed.im) : Number.NaN;
  const rhoExact = exactShown && !exactStale ? exactShown.rho : null;
  const density = sigmaDetail && !closedStale ? { edges: sigmaDetail.edges, mass: sigmaDetail.mass } : null;
  const view = viewRadius(closed, exactShown);
  const outside = closed ? outsideView(closed, view) : { count: 0, maxAbs: 0 };

  const toolbar = (
    <>
      <label title="Single out a few modes, each with its circle |z| = √(1 − η_h σ²): η_λ moves their points along it, the radius stays">
        <input type="checkbox" checked={showCircles} onChange={(e) => setShowCircles(e.target.checked)} />{' '}
        mode circles
      </label>
    </>
  );

  return (
    <Panel
      id="EigenAnnulus"
      title="Eigenvalues of one PC-ALM step (spec §7)"
      toolbar={toolbar}
      explain={<Explain topic="annulus" subject="eigenvalue annulus" />}
    >
      <p className="annulus-status" data-testid="annulus-status">
        {statusText(spectrum, hasRun)}
        {etaH !== null && ` · η_h = ${fmt(etaH)}, η_λ = ${fmt(etaLambda)}`}
      </p>
      {(usable || spectrum.status === 'computing') && (
        <AnnulusChart
          closed={closed}
          exact={exactShown}
          exactStale={exactStale}
          closedStale={closedStale}
          tracked={tracked}
          viewRadius={view}
          inner={overlays ? (ring?.inner ?? Number.NaN) : Number.NaN}
          outer={overlays ? (ring?.outer ?? Number.NaN) : Number.NaN}
          sigmas={sigmas}
          etaH={etaH ?? Number.NaN}
          exactEtaLambda={exactShown?.etaLambda ?? null}
          density={density}
        />
      )}
      {outside.count > 0 && (
        <p className="annulus-muted">
          {outside.count} eigenvalues lie outside this view (|z| up to {fmt(outside.maxAbs)}).
        </p>
      )}
      {usable && !closedStale && (
        <VerdictBox
          verdict={verdict({
            sigmaMax: sigmas[0],
            etaH,
            etaLambda,
            n,
            rhoClosed,
            rhoExact,
            rhoUnconverged: exactShown !== null && !exactShown.converged,
          })}
          sigmaMax={sigmas[0]}
          etaH={etaH}
        />
      )}
      {usable && (
        <Legend
          etaLambda={etaLambda}
          exactEtaLambda={exactShown?.etaLambda ?? null}
          showExact={exactShown !== null}
          exactPartial={exactShown !== null && !exactShown.complete}
          showDensity={density !== null}
          showRing={overlays}
          exactStale={exactStale}
          excluded={ring?.excludedModes ?? 0}
          tracked={tracked?.modes.length ?? 0}
        />
      )}
      <p className="annulus-muted" data-testid="annulus-exact">
        {exactText(spectrum, exactStale)}
      </p>
    </Panel>
  );
}
