/**
 * A worker's reports of what it downloads (src/core/loading.ts), posted beside its protocol's
 * messages at most every 100 ms, so the page can say what loads and how much instead of "Waiting…".
 */
import type { LoadingMessage, LoadProgress } from '../core/loading';

export type PostLoading = (message: LoadingMessage) => void;

const EVERY_MS = 100;

/** Runs a download, reporting its progress, its end and its failure (the error is rethrown). */
export async function reported<T>(
  post: PostLoading,
  id: string,
  what: string,
  run: (onProgress: (progress: LoadProgress) => void) => Promise<T>,
): Promise<T> {
  let last = -Infinity;
  let latest: LoadProgress = { loaded: 0, total: null };
  const send = (state: LoadingMessage['state'], error?: string) =>
    post({ type: 'loading', id, what, state, ...latest, ...(error === undefined ? {} : { error }) });
  send('loading');
  try {
    const result = await run((progress) => {
      latest = progress;
      const now = performance.now();
      if (now - last < EVERY_MS) return;
      last = now;
      send('loading');
    });
    send('done');
    return result;
  } catch (error) {
    send('failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
}
