/**
 * The full training splits, downloaded by the page only when training needs them: with progress
 * (MB of MB, %), a cancel, and on failure a message naming the file plus a retry; nothing already on
 * screen is touched. The bytes go into Cache Storage (DATA_CACHE), where the training worker reads
 * them (src/data/loadBrowser.ts) and the service worker answers from them offline, so each device
 * downloads a set once.
 */
import { createStore, useStore } from 'zustand';
import { formatProgress } from '../core/loading';
import { cacheStorage, DATA_CACHE } from '../data/dataCache';
import { dataBaseUrl } from '../data/dataUrl';
import { fetchBytes } from '../data/fetchProgress';
import { DATA_FILES, type DataSetName } from '../data/format';
import { serverReachable } from './reachability';

export const DATA_LABELS: Record<DataSetName, string> = { fashion: 'Fashion-MNIST', mnist: 'MNIST' };

/** Bytes of each full file: the 64-byte header and 785 bytes a sample (scripts/build-data.mjs). */
export const FULL_BYTES: Record<DataSetName, number> = {
  fashion: 64 + 70_000 * 785,
  mnist: 64 + 70_000 * 785,
};

export type FullDataState =
  | { state: 'unknown' }
  | { state: 'absent' }
  | { state: 'cached' }
  /** Cache Storage is unavailable (plain http): the training worker downloads it itself. */
  | { state: 'uncacheable' }
  | { state: 'loading'; loaded: number; total: number | null }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' };

export const fullDataStore = createStore<Record<DataSetName, FullDataState>>(() => ({
  fashion: { state: 'unknown' },
  mnist: { state: 'unknown' },
}));

const set = (name: DataSetName, value: FullDataState) => fullDataStore.setState({ [name]: value });
const controllers = new Map<DataSetName, AbortController>();

export function fullDataUrl(name: DataSetName): string {
  return new URL(`${dataBaseUrl()}${DATA_FILES[name]}`, document.baseURI).href;
}

/** Looks in the cache once; the state says "cached" or "absent". */
export async function checkFullData(name: DataSetName): Promise<FullDataState> {
  const storage = cacheStorage();
  if (!storage) {
    set(name, { state: 'uncacheable' });
    return fullDataStore.getState()[name];
  }
  try {
    const hit = await (await storage.open(DATA_CACHE)).match(fullDataUrl(name));
    const current = fullDataStore.getState()[name].state;
    if (current !== 'loading')
      set(
        name,
        hit
          ? { state: 'cached' }
          : current === 'failed'
            ? fullDataStore.getState()[name]
            : { state: 'absent' },
      );
  } catch {
    set(name, { state: 'uncacheable' });
  }
  return fullDataStore.getState()[name];
}

/** Downloads a set into the cache; true once it is there (or cannot be cached and the worker fetches). */
export async function ensureFullData(name: DataSetName): Promise<boolean> {
  const known = await checkFullData(name);
  if (known.state === 'cached' || known.state === 'uncacheable') return true;
  if (known.state === 'loading') return false;
  const controller = new AbortController();
  controllers.set(name, controller);
  const url = fullDataUrl(name);
  const file = DATA_FILES[name];
  let last: { loaded: number; total: number | null } = { loaded: 0, total: FULL_BYTES[name] };
  set(name, { state: 'loading', ...last });
  try {
    const bytes = await fetchBytes(url, {
      signal: controller.signal,
      onProgress: ({ loaded, total }) => {
        last = { loaded, total: total ?? FULL_BYTES[name] };
        set(name, { state: 'loading', ...last });
      },
    });
    const cache = await cacheStorage()!.open(DATA_CACHE);
    await cache.put(
      url,
      new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) },
      }),
    );
    set(name, { state: 'cached' });
    return true;
  } catch (error) {
    if (controller.signal.aborted) {
      set(name, { state: 'cancelled' });
      return false;
    }
    const offline = !(await serverReachable());
    const reason = error instanceof Error ? error.message.replace(/ Rebuild it with .*$/, '') : String(error);
    const at = last.loaded > 0 ? ` after ${formatProgress(last)}` : '';
    set(name, {
      state: 'failed',
      message: offline
        ? `You are offline, and the ${DATA_LABELS[name]} training data (${file}, ${formatProgress({ loaded: FULL_BYTES[name], total: null })}) is not on this device yet${at}.`
        : `Downloading the ${DATA_LABELS[name]} training data failed${at}: ${reason}`,
    });
    return false;
  } finally {
    controllers.delete(name);
  }
}

export function cancelFullData(name: DataSetName): void {
  controllers.get(name)?.abort();
}

export function useFullData(name: DataSetName): FullDataState {
  return useStore(fullDataStore, (s) => s[name]);
}
