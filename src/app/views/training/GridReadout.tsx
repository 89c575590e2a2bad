/**
 * The numbers of the hovered (or tapped) grid cell, in words under the heatmaps: each method's test
 * accuracy, the three gaps, PC's and PC-ALM's cosine to BP and the wall time of each run. A visible line
 * rather than only a tooltip, so a touch screen and a screenshot show it too.
 */
import type { CellRow } from '../../../core/gridCells';
import { FIG2_GAPS } from '../../../core/gridCoverage';
import { METHOD_LABELS, TRAIN_METHODS, type TrainMethod } from '../../../core/methods';
import type { CellPick } from './GapHeatmap';

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function seconds(s: number): string {
  return s < 120 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
}

export function GridReadout({ rows, pick }: { rows: readonly CellRow[]; pick: CellPick | null }) {
  if (!pick) {
    return (
      <p className="grid-readout" data-testid="grid-readout">
        Hover or tap a cell for its numbers.
      </p>
    );
  }
  const here = rows.filter(
    (r) =>
      (r.data ?? '') === pick.data && r.act === pick.act && r.width === pick.width && r.depth === pick.depth,
  );
  const by = (m: TrainMethod) => here.filter((r) => r.method === m);
  const present = TRAIN_METHODS.filter((m) => by(m).length > 0);
  const acc = (m: TrainMethod) => mean(by(m).map((r) => r.test_acc));
  const place = `N = ${pick.width}, L = ${pick.depth}`;
  if (present.length === 0) {
    return (
      <p className="grid-readout" data-testid="grid-readout">
        {place}: not run in this grid.
      </p>
    );
  }
  const seeds = new Set(here.map((r) => r.seed)).size;
  const gaps = FIG2_GAPS.filter(([a, b]) => present.includes(a) && present.includes(b)).map(
    ([a, b]) => `${METHOD_LABELS[a]} − ${METHOD_LABELS[b]} ${(100 * (acc(a) - acc(b))).toFixed(2)}`,
  );
  const missing = TRAIN_METHODS.filter((m) => !present.includes(m));
  const cosines = present
    .filter((m) => m !== 'bp')
    .map((m) => `${METHOD_LABELS[m]} ${mean(by(m).map((r) => r.grad_cos)).toFixed(3)}`);
  const diverged = here.filter((r) => r.diverged).map((r) => `${METHOD_LABELS[r.method]}: ${r.diverged}`);
  return (
    <p className="grid-readout" data-testid="grid-readout">
      <strong>{place}</strong> ({seeds} seed{seeds === 1 ? '' : 's'}) · test accuracy{' '}
      {present.map((m) => `${METHOD_LABELS[m]} ${(100 * acc(m)).toFixed(2)} %`).join(', ')}
      {gaps.length > 0 && ` · gaps ${gaps.join(', ')} points`}
      {cosines.length > 0 && ` · cosine to BP ${cosines.join(', ')}`}
      {` · wall ${present.map((m) => `${METHOD_LABELS[m]} ${seconds(mean(by(m).map((r) => r.wall_s)))}`).join(', ')}`}
      {missing.length > 0 && ` · not run: ${missing.map((m) => METHOD_LABELS[m]).join(', ')}`}
      {diverged.length > 0 && ` · diverged: ${diverged.join('; ')}`}
    </p>
  );
}
