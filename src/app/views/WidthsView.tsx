/**
 * The width sweep (view=widths, paper Fig. 8, §5.7 "two routes to BP-aligned credit"): the final cosine
 * to BP of PC and PC-ALM against width at a fixed depth and budget, computed in the engine worker width
 * by width (sweepClient.ts), and below it the cosine over inference steps at one chosen width.
 */
// LineChart's styles, the progress bar and the method colours are the training view's.
import './training/training.css';
import './widths/widths.css';
import { METHOD_LABELS, METHODS } from '../../core/methods';
import { useApp } from '../../state/store';
import { shownWidth, useSweep } from '../../state/sweep';
import { setSweepChoice } from '../actions';
import { LineChart, type Series } from './training/LineChart';
import { SweepControls } from './widths/SweepControls';
import { crossoverText } from './widths/sweepText';
import { cosineFloor, finalText, WidthChart } from './widths/WidthChart';

export function WidthsView() {
  const chosen = useApp((s) => s.sweep.sweepWidth);
  const sweep = useSweep((s) => s);
  const { width: shown, note } = shownWidth(chosen, sweep.widths);
  const computing = sweep.status === 'running' ? (sweep.progress?.width ?? null) : null;
  const skipped = sweep.widths.flatMap((w) => {
    const p = sweep.points[w];
    return p?.status === 'skipped' ? [p] : [];
  });
  return (
    <main className="widths-view" data-view="widths">
      <SweepControls shown={shown} />
      <section className="panel widths-figure" aria-label="Final cosine against width">
        <WidthChart
          widths={sweep.widths}
          points={sweep.points}
          shown={shown}
          computing={computing}
          onPick={(w) => setSweepChoice('sweepWidth', String(w) as typeof chosen)}
        />
        {skipped.length > 0 && (
          <ul className="widths-skipped-list" data-testid="sweep-skipped">
            {skipped.map((p) => (
              <li key={p.width}>
                Width {p.width} skipped: {p.reason}.
              </li>
            ))}
          </ul>
        )}
        {sweep.notes.length > 0 && (
          <ul className="widths-notes">
            {sweep.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel widths-figure" aria-label="Cosine over inference steps at one width">
        <StepsChart shown={shown} note={note} />
      </section>
      <section className="panel" aria-label="Final cosines by width">
        <div className="widths-table-box">
          <table className="training-table widths-table">
            <thead>
              <tr>
                <th scope="col">Width N</th>
                {METHODS.map((m) => (
                  <th key={m} scope="col" className={`method-${m}`}>
                    {METHOD_LABELS[m]} at T
                  </th>
                ))}
                <th scope="col">η_h</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {sweep.widths.map((w) => {
                const p = sweep.points[w];
                return (
                  <tr key={w} data-width={w} className={w === shown ? 'shown' : undefined}>
                    <th scope="row">{w}</th>
                    {METHODS.map((m) => (
                      <td key={m} data-testid={`final-text-${m}-${w}`}>
                        {p ? finalText(p, m) : w === computing ? 'computing…' : '–'}
                      </td>
                    ))}
                    <td>{p?.status === 'done' ? p.etaH.toFixed(4) : ''}</td>
                    <td>{p?.status === 'done' ? `${p.seconds.toFixed(1)} s` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}

/** The cosine over inference steps t = 0 … T at the shown width, PC beside PC-ALM. */
function StepsChart({ shown, note }: { shown: number; note: string | null }) {
  const point = useSweep((s) => s.points[shown]);
  const sweep = useSweep((s) => s);
  const reading = crossoverText(sweep, shown);
  const title = `Cosine to BP over inference steps at N = ${shown}`;
  if (point?.status !== 'done') {
    const why =
      point?.status === 'skipped'
        ? `Width ${shown} was skipped: ${point.reason}.`
        : `Width ${shown} is not computed yet; its curve appears when it is done.`;
    return (
      <div className="widths-steps-empty" data-testid="steps-pending">
        <strong className="training-chart-title">{title}</strong>
        <p>{note ? `${note}. ${why}` : why}</p>
      </div>
    );
  }
  const series: Series[] = METHODS.map((method) => ({
    method,
    points: point.cosine[method].map((v, t): [number, number] => [t, v]),
  }));
  const floor = cosineFloor(series.flatMap((s) => s.points.map((p) => p[1])));
  return (
    <div data-testid="steps-chart" data-width={shown}>
      <LineChart
        id="steps"
        title={title}
        series={series}
        xMax={point.T}
        yDomain={[floor, 1]}
        format={(v) => v.toFixed(2)}
        xLabel="inference step t"
      />
      <p className="training-note" data-testid="sweep-reading">
        {note ? `${note}. ` : ''}
        {reading}
      </p>
    </div>
  );
}
