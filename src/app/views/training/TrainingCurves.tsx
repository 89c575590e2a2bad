/** The live curves (training loss, test accuracy, gradient cosine to BP) and the per-method table. */
import { useMemo } from 'react';
import { METHOD_LABELS, TRAIN_METHODS, type TrainMethod } from '../../../core/methods';
import type { EvalPoint } from '../../../core/results';
import { latestPoints, useTraining } from '../../../state/training';
import { training } from '../../trainingClient';
import { LineChart, type Series } from './LineChart';

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
const fixed3 = (v: number) => v.toFixed(3);

function seriesOf(
  points: Record<TrainMethod, EvalPoint[]>,
  methods: readonly TrainMethod[],
  value: (p: EvalPoint) => number | null,
): Series[] {
  return methods.map((method) => ({
    method,
    points: points[method].flatMap((p): Array<[number, number]> => {
      const v = value(p);
      return v === null ? [] : [[p.epoch, v]];
    }),
  }));
}

export function TrainingCurves() {
  const points = useTraining((s) => s.points);
  const info = useTraining((s) => s.info);
  const methods = info?.methods ?? TRAIN_METHODS;
  const xMax = info?.config.epochs ?? 1;
  const loss = useMemo(() => seriesOf(points, methods, (p) => p.trainLoss), [points, methods]);
  const accuracy = useMemo(() => seriesOf(points, methods, (p) => p.testAccuracy), [points, methods]);
  const cosine = useMemo(() => seriesOf(points, methods, (p) => p.gradCosine), [points, methods]);
  return (
    <section className="panel training-curves" aria-label="Training curves">
      <div className="training-charts">
        <LineChart id="loss" title="Training loss ½‖y − ŷ‖²" series={loss} xMax={xMax} format={fixed3} />
        <LineChart id="accuracy" title="Test accuracy" series={accuracy} xMax={xMax} format={percent} />
        <LineChart
          id="cosine"
          title="Gradient cosine to BP"
          series={cosine}
          xMax={xMax}
          yDomain={[-0.2, 1]}
          format={(v) => v.toFixed(2)}
        />
      </div>
    </section>
  );
}

/** The newest numbers per method, the final ones once the run ended, and "open in the explorer". */
export function TrainingTable() {
  const points = useTraining((s) => s.points);
  const info = useTraining((s) => s.info);
  const results = useTraining((s) => s.results);
  const status = useTraining((s) => s.status);
  if (!info) return null;
  const latest = latestPoints(points);
  const canOpen = status !== 'starting' && status !== 'failed';
  return (
    <section className="panel training-table-panel" aria-label="Results by method">
      <table className="training-table">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Batches</th>
            <th scope="col">Test accuracy</th>
            <th scope="col">Gradient cosine to BP</th>
            <th scope="col">Training time</th>
            <th scope="col">Status</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {info.methods.map((method) => {
            const p = latest[method];
            const result = results?.find((r) => r.method === method);
            const accuracy = result?.finalTestAccuracy ?? p?.testAccuracy;
            const cosine = result?.gradCosine ?? p?.gradCosine;
            const divergence = result?.divergence;
            return (
              <tr key={method} className={`method-${method}`} data-method={method}>
                <th scope="row">{METHOD_LABELS[method]}</th>
                <td>{result?.steps ?? p?.step ?? 0}</td>
                <td data-testid={`acc-${method}`}>{accuracy === undefined ? '–' : percent(accuracy)}</td>
                <td>{cosine === undefined ? '–' : fixed3(cosine)}</td>
                <td>{p ? `${p.trainSeconds.toFixed(1)} s` : '–'}</td>
                <td>
                  {divergence
                    ? `diverged at batch ${divergence.step}: ${divergence.reason}`
                    : result
                      ? 'final'
                      : 'latest point'}
                </td>
                <td>
                  <button
                    type="button"
                    data-action={`open-explorer-${method}`}
                    disabled={!canOpen}
                    onClick={() => training.openInExplorer(method)}
                    title="Show the inference panels on this method's current weights"
                  >
                    Inspect in explorer
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
