/**
 * The cache (Cache Storage) that keeps the full data files after their first download, shared by the
 * page (which downloads them with progress, src/app/fullData.ts), the training worker (which reads them
 * from here) and the service worker (src/sw/sw.ts, which answers data requests from here offline).
 */
export const DATA_CACHE = 'pcalm-data-v1';

/** Cache Storage, where this context has it (secure contexts only: https or localhost). */
export function cacheStorage(): CacheStorage | null {
  return typeof caches === 'undefined' ? null : caches;
}

/** The cached response for a URL (relative to this context), or null (also without Cache Storage). */
export async function cachedResponse(url: string): Promise<Response | null> {
  const storage = cacheStorage();
  if (!storage) return null;
  try {
    const cache = await storage.open(DATA_CACHE);
    return (await cache.match(new URL(url, globalThis.location?.href).href)) ?? null;
  } catch {
    return null;
  }
}
