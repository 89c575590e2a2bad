/** Browser loader of the data files, served by Vite from public/data. */
import type { LoadProgress } from '../core/loading';
import { cachedResponse } from './dataCache';
import { dataBaseUrl } from './dataUrl';
import { fetchBytes } from './fetchProgress';
import { DATA_FILES, type DataSet, type DataSetName, parseDataFile } from './format';

/** Fetches and validates Fashion-MNIST or MNIST; throws DataFileError with the URL in its message. */
export async function fetchDataSet(
  name: DataSetName,
  baseUrl: string = dataBaseUrl(),
  init?: RequestInit,
  onProgress?: (progress: LoadProgress) => void,
): Promise<DataSet> {
  const file = DATA_FILES[name];
  if (!file)
    throw new RangeError(
      `unknown data set "${String(name)}" (expected ${Object.keys(DATA_FILES).join(' or ')})`,
    );
  const url = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${file}`;
  // Downloaded before (by the page, with progress) or cached by the service worker: no second download.
  const cached = await cachedResponse(url);
  if (cached) {
    const bytes = new Uint8Array(await cached.arrayBuffer());
    onProgress?.({ loaded: bytes.length, total: bytes.length });
    return parseDataFile(bytes, url);
  }
  return parseDataFile(await fetchBytes(url, { init, onProgress }), url);
}
