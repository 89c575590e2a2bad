/** One line of facts: backend (and why), speed, step, η_h actually used, divergence. */
import type { BackendReport } from '../core/backends';
import { METHOD_LABELS, type MethodId } from '../core/methods';
import { shownStep, useApp } from '../state/store';

/** What the engine runs on, in words a phone shows without a tooltip (the tooltip says why). */
export function threadsLabel(threads: NonNullable<BackendReport['threads']>): string {
  if (!threads.threaded) return 'single-threaded build';
  return threads.count === 1 ? 'threaded build, one thread' : `${threads.count} threads`;
}

export function StatusLine() {
  const backend = useApp((s) => s.backend);
  const stepsPerSec = useApp((s) => s.stepsPerSec);
  const info = useApp((s) => s.run?.info);
  const divergence = useApp((s) => s.run?.divergence);
  const shown = useApp(shownStep);
  const worker = useApp((s) => s.worker);
  const diverged = divergence ? Object.entries(divergence) : [];
  return (
    <div className="status-line" role="status" data-testid="status-line">
      <span data-testid="backend" title={backend?.reason}>
        backend: {backend ? backend.active : worker === 'starting' ? 'starting…' : worker}
      </span>
      {backend?.threads && (
        <span data-testid="threads" title={backend.threads.why}>
          {threadsLabel(backend.threads)}
        </span>
      )}
      <span data-testid="steps-per-sec">{stepsPerSec > 0 ? `${stepsPerSec.toFixed(0)} steps/s` : '—'}</span>
      <span data-testid="step">
        step {shown} of {info?.T ?? '—'}
      </span>
      <span data-testid="eta-h">
        η_h = {info ? info.etaH.toPrecision(3) : '—'}
        {info?.hessian ? ` (auto, λ_max ≈ ${info.hessian.lambdaMax.toPrecision(3)})` : ''}
      </span>
      {diverged.map(([method, d]) => (
        <span key={method} className="diverged" data-testid={`diverged-${method}`}>
          {METHOD_LABELS[method as MethodId]} {d.message}
        </span>
      ))}
    </div>
  );
}
