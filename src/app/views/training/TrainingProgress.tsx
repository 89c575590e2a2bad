/** Progress of the training run: a bar, batches per second, ETA, and what the run is using. */
import { etaSeconds, useTraining } from '../../../state/training';

export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

const PHASE_TEXT: Record<string, string> = {
  idle: 'not started',
  starting: 'setting up (data, η_h estimate)…',
  running: 'training',
  paused: 'paused',
  finishing: 'final evaluation…',
  done: 'finished',
  stopped: 'stopped',
  failed: 'failed',
};

export function TrainingProgress() {
  const status = useTraining((s) => s.status);
  const progress = useTraining((s) => s.progress);
  const info = useTraining((s) => s.info);
  const fraction = progress.total > 0 ? progress.step / progress.total : 0;
  const epoch = info ? progress.step / info.batchesPerEpoch : 0;
  return (
    <section className="panel training-progress" aria-label="Training progress" data-status={status}>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.step}
        data-testid="training-progress"
      >
        <div className="progress-fill" style={{ width: `${(100 * fraction).toFixed(2)}%` }} />
      </div>
      <div className="progress-readout">
        <span data-testid="training-status">{PHASE_TEXT[status] ?? status}</span>
        <span data-testid="training-step">
          batch {progress.step} / {progress.total}
          {info && ` (epoch ${epoch.toFixed(2)} of ${info.config.epochs})`}
        </span>
        <span>{status === 'running' ? `${progress.batchesPerSec.toFixed(1)} batches/s` : ''}</span>
        <span>ETA {status === 'running' ? formatSeconds(etaSeconds(progress)) : '–'}</span>
        <span>elapsed {formatSeconds(progress.elapsed)}</span>
      </div>
      {info && (
        <div className="progress-info">
          {info.dataName}: {info.trainCount} train / {info.testCount} test · η_h = {info.etaH.toPrecision(3)}
          {info.lambdaMax !== null &&
            ` (1/λ_max at the initial weights, λ_max ≈ ${info.lambdaMax.toPrecision(3)})`}{' '}
          · Adam lr {info.lr.toPrecision(3)} · T = {info.T} · backend {info.backend} · gradient cosine on{' '}
          {info.diagnostic}
        </div>
      )}
    </section>
  );
}
