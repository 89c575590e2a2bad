/**
 * The line a panel shows before its first step: what is loading and how much ("Loading Fashion-MNIST
 * sample images: 0.21 of 0.45 MB (47 %)…"), or that the engine is starting once nothing downloads.
 */
import { loadingLine } from '../core/loading';
import { useLoads } from '../state/loading';

export function LoadingNote({ className }: { className: string }) {
  const loads = useLoads();
  if (loads.length === 0) return <p className={className}>Starting the engine…</p>;
  return (
    <p className={className} data-testid="loading-note" aria-live="polite">
      {loads.map((load) => (
        <span key={load.id} className="loading-line">
          {loadingLine(load)}
        </span>
      ))}
    </p>
  );
}
