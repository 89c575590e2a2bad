/**
 * Flags a run that the linear theory predicts will diverge, as soon as its setup is known. Such
 * runs are allowed (watching divergence is instructive); the notice says what to expect.
 */

import { shallow } from 'zustand/shallow';
import type { RunInfo } from '../core/engineProtocol';
import { METHOD_LABELS } from '../core/methods';
import type { Config } from '../state/schema';
import { dismissNotice, notify, store } from '../state/store';
import { juryCeiling } from '../theory/modes';

const TOPIC = 'jury';

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/**
 * The warning for a run whose η_h·λ_max is at or above the Jury ceiling 4/(2 + η_λ), or null.
 * λ_max includes the readout, so it bounds σ_max(A)² from above: the check errs towards warning.
 * PC runs with η_λ = 0; when both methods run, PC-ALM's ceiling is the lower one.
 */
export function juryWarning(
  info: Pick<RunInfo, 'etaH' | 'lambdaMax' | 'config'>,
  shown: Config['method'],
): string | null {
  const pcOnly = shown === 'pc';
  const etaLambda = pcOnly ? 0 : info.config.etaLambda;
  const value = info.etaH * info.lambdaMax;
  const ceiling = juryCeiling(etaLambda);
  if (!Number.isFinite(value) || value < ceiling) return null;
  const who = METHOD_LABELS[pcOnly ? 'pc' : 'pcalm'];
  return (
    `${who}: η_h·λ_max = ${fmt(value)} is above the Jury ceiling 4/(2+η_λ) = ${fmt(ceiling)} ` +
    `(η_h = ${fmt(info.etaH)}, λ_max = ${fmt(info.lambdaMax)}, η_λ = ${etaLambda}): ` +
    'expect divergence; running anyway.'
  );
}

let installed = false;

/** Re-checks every new run; a stable run removes the previous warning. */
export function watchStability(): void {
  if (installed) return;
  installed = true;
  // Both methods always run; which one the warning is about follows the Method shown.
  store.subscribe(
    (s) => [s.run?.info, s.config.method] as const,
    ([info, method]) => {
      if (!info) return;
      const warning = juryWarning(info, method);
      if (warning) notify('warning', warning, TOPIC);
      else for (const n of store.getState().notices) if (n.topic === TOPIC) dismissNotice(n.id);
    },
    { equalityFn: shallow },
  );
}
