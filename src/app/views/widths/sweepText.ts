/** The width sweep's sentences: the progress line and the figure's reading, from the sweep's state. */
import { METHOD_LABELS } from '../../../core/methods';
import { donePoints, type SweepState } from '../../../state/sweep';

const seconds = (s: number) =>
  s < 60 ? `${s.toFixed(0)} s` : `${Math.floor(s / 60)} min ${(s % 60).toFixed(0)} s`;

/** "width 64: 3 of 7 done · now PC-ALM, step 40 of 64", or what the sweep did. */
export function progressText(
  s: Pick<
    SweepState,
    'status' | 'widths' | 'points' | 'progress' | 'seconds' | 'backend' | 'error' | 'depth' | 'T'
  >,
): string {
  const total = s.widths.length;
  const finished = s.widths.filter((w) => s.points[w] !== undefined).length;
  const range = total > 0 ? `N = ${s.widths[0]} … ${s.widths[total - 1]}` : 'no widths';
  switch (s.status) {
    case 'idle':
      return 'Not started.';
    case 'waiting':
      return `Starting the sweep of ${range} at L = ${s.depth}, T = ${s.T}…`;
    case 'running': {
      const p = s.progress;
      if (!p) return `${finished} of ${total} done · starting the engine…`;
      const now =
        p.method === null
          ? `building the network and estimating λ_max`
          : `${METHOD_LABELS[p.method]}, step ${p.t} of ${p.T}`;
      return `width ${p.width}: ${finished} of ${total} done · now ${now}`;
    }
    case 'done': {
      const skipped = s.widths.filter((w) => s.points[w]?.status === 'skipped').length;
      const how = `(${range}, L = ${s.depth}, T = ${s.T}) in ${seconds(s.seconds)}${s.backend ? ` on ${s.backend}` : ''}`;
      return skipped === 0
        ? `All ${total} widths done ${how}.`
        : `Done: ${total - skipped} of ${total} widths run, ${skipped} skipped (too large, see below) ${how}.`;
    }
    case 'cancelled':
      return `Cancelled: ${finished} of ${total} done. Continue runs the remaining widths.`;
    case 'paused':
      return `Paused while another view was shown: ${finished} of ${total} done.`;
    case 'failed':
      return `Failed after ${finished} of ${total}: ${s.error ?? 'unknown error'}.`;
  }
}

/**
 * The figure's reading at the shown width: PC-ALM's final cosine there, and the smallest width at which
 * PC gets as far (or that no swept width does, with PC's best). Null until the shown width is done.
 */
export function crossoverText(s: Pick<SweepState, 'widths' | 'points'>, shown: number): string | null {
  const done = donePoints(s);
  const here = done.find((p) => p.width === shown);
  const target = here?.final.pcalm;
  if (target === null || target === undefined) return null;
  const pcAt = (p: (typeof done)[number]) => p.final.pc ?? Number.NEGATIVE_INFINITY;
  const reached = done.find((p) => pcAt(p) >= target);
  const lead = `${METHOD_LABELS.pcalm} at N = ${shown} ends at ${target.toFixed(3)}`;
  if (reached) return `${lead}; PC first gets as far at N = ${reached.width} (${pcAt(reached).toFixed(3)}).`;
  const withPc = done.filter((p) => p.final.pc !== null);
  if (withPc.length === 0) return `${lead}.`;
  const best = withPc.reduce((a, b) => (pcAt(b) > pcAt(a) ? b : a));
  const widest = done[done.length - 1].width;
  return `${lead}; PC stays below it at every width run up to N = ${widest} (its best: ${pcAt(best).toFixed(3)} at N = ${best.width}).`;
}
