/**
 * Where the full training data stands: on this device (works offline), not yet (how big, and whether
 * the network is there), downloading (bar, MB of MB, %, Cancel), or failed (what failed, Retry).
 */
import { useEffect } from 'react';
import { formatProgress } from '../../../core/loading';
import type { DataSetName } from '../../../data/format';
import { cancelFullData, checkFullData, DATA_LABELS, FULL_BYTES, useFullData } from '../../fullData';
import { useServerReachable } from '../../reachability';

export function DataDownload({ name, retry }: { name: DataSetName; retry: () => void }) {
  const data = useFullData(name);
  const online = useServerReachable();
  useEffect(() => {
    void checkFullData(name);
  }, [name]);
  const label = `${DATA_LABELS[name]} training data`;
  const size = formatProgress({ loaded: FULL_BYTES[name], total: null });
  let body: React.ReactNode = null;
  switch (data.state) {
    case 'cached':
      body = `The ${label} (${size}) is on this device: training works offline.`;
      break;
    case 'absent':
    case 'cancelled':
      body = online
        ? `${data.state === 'cancelled' ? 'Download cancelled. ' : ''}The ${label} (${size}) downloads when you start training, once; then it stays on this device for offline use.`
        : `You are offline, and the ${label} (${size}) is not on this device yet: training needs the network once (or choose Data: synthetic).`;
      break;
    case 'uncacheable':
      body = `The ${label} (${size}) downloads when you start training (this page cannot keep it for offline use).`;
      break;
    case 'loading': {
      const fraction = data.total ? data.loaded / data.total : 0;
      body = (
        <>
          <span className="data-download-line">
            Downloading the {label}: {formatProgress(data)}
            <button type="button" data-action="cancel-download" onClick={() => cancelFullData(name)}>
              Cancel
            </button>
          </span>
          <div
            className="progress-bar"
            role="progressbar"
            aria-label={`Downloading the ${label}`}
            aria-valuemin={0}
            aria-valuemax={data.total ?? undefined}
            aria-valuenow={data.loaded}
          >
            <div className="progress-fill" style={{ width: `${(100 * fraction).toFixed(1)}%` }} />
          </div>
        </>
      );
      break;
    }
    case 'failed':
      body = (
        <span className="data-download-line">
          {data.message}
          <button type="button" data-action="retry-download" onClick={retry}>
            Retry
          </button>
        </span>
      );
      break;
  }
  if (!body) return null;
  return (
    <div className="data-download" data-testid="data-download" data-state={data.state} aria-live="polite">
      {body}
    </div>
  );
}
