/**
 * What is loading, as the page tells it: one line per download (data, the WebAssembly engine, formulas)
 * with its size and progress, posted by the workers and by the main thread alike. Plain data and
 * text helpers; imports nothing of ours.
 */

export interface LoadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** Bytes in all, or null when the server did not say (compressed on the way, no Content-Length). */
  total: number | null;
}

/** A worker's report of one download, posted beside its protocol's messages. */
export interface LoadingMessage extends LoadProgress {
  type: 'loading';
  /** Stable per download, e.g. "data:fashion" or "wasm". */
  id: string;
  /** What a person would call it: "Fashion-MNIST sample images". */
  what: string;
  state: 'loading' | 'done' | 'failed';
  error?: string;
}

export function isLoadingMessage(data: unknown): data is LoadingMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'loading';
}

/** "0.21 of 0.45 MB (47 %)", "1.3 MB", "55.0 MB" (MB = 10⁶ bytes, as the issue and hosts count). */
export function formatProgress({ loaded, total }: LoadProgress): string {
  // One precision for both numbers, set by the larger: "2.8 of 55.0 MB", "0.21 of 0.45 MB".
  const digits = Math.max(loaded, total ?? 0) < 10e6 ? 2 : 1;
  const mb = (n: number) => (n / 1e6).toFixed(digits);
  if (total === null || total <= 0) return `${mb(loaded)} MB`;
  const percent = Math.min(100, Math.floor((100 * loaded) / total));
  return `${mb(loaded)} of ${mb(total)} MB (${percent} %)`;
}

/** One line for a load: "Loading Fashion-MNIST sample images: 0.21 of 0.45 MB (47 %)…". */
export function loadingLine(
  load: Pick<LoadingMessage, 'what' | 'loaded' | 'total' | 'state' | 'error'>,
): string {
  if (load.state === 'failed') return `Could not load ${load.what}: ${load.error ?? 'unknown error'}`;
  if (load.state === 'done')
    return `Loaded ${load.what} (${formatProgress({ loaded: load.loaded, total: null })})`;
  return `Loading ${load.what}: ${formatProgress(load)}…`;
}
