/** Browser loader of the explorer's small data files (the batch pool, src/data/explorerPool.ts). */
import type { LoadProgress } from '../core/loading';
import { dataBaseUrl } from './dataUrl';
import { EXPLORER_FILES, gunzip, parseExplorerFile } from './explorerFile';
import { fetchBytes } from './fetchProgress';
import type { DataSet, DataSetName } from './format';

export function explorerFileUrl(name: DataSetName, baseUrl: string = dataBaseUrl()): string {
  const file = EXPLORER_FILES[name];
  if (!file) throw new RangeError(`unknown data set "${String(name)}" (expected fashion or mnist)`);
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${file}`;
}

/** Fetches, unpacks and validates a pool; throws DataFileError with the URL in its message. */
export async function fetchExplorerSet(
  name: DataSetName,
  onProgress?: (progress: LoadProgress) => void,
  baseUrl?: string,
): Promise<DataSet> {
  const url = explorerFileUrl(name, baseUrl);
  const bytes = await fetchBytes(url, { onProgress });
  return parseExplorerFile(await gunzip(bytes, url), url);
}
