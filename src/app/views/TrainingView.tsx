/**
 * The training view (issue 5): BP, PC and PC-ALM trained side by side in a worker of their own, with
 * progress, live curves, pause / resume / stop, the explorer on the current weights, and the
 * width × depth grid from a cells.csv.
 */
import './training/training.css';
import { useTraining } from '../../state/training';
import { GridHeatmaps } from './training/GridHeatmaps';
import { TrainingControls } from './training/TrainingControls';
import { TrainingCurves, TrainingTable } from './training/TrainingCurves';
import { TrainingProgress } from './training/TrainingProgress';

export function TrainingView() {
  const error = useTraining((s) => s.error);
  return (
    <main className="training-view" data-view="training">
      <TrainingControls />
      <TrainingProgress />
      {error && (
        <p className="training-error" role="alert">
          {error}
        </p>
      )}
      <TrainingCurves />
      <TrainingTable />
      <GridHeatmaps />
    </main>
  );
}
