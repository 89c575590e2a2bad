/** Browser loader of the data files, served by Vite from public/data. */
import { dataBaseUrl } from './dataUrl';
import { DATA_FILES, DataFileError, type DataSet, type DataSetName, parseDataFile } from './format';

/** Fetches and validates Fashion-MNIST or MNIST; throws DataFileError with the URL in its message. */
export async function fetchDataSet(
  name: DataSetName,
  baseUrl: string = dataBaseUrl(),
  init?: RequestInit,
): Promise<DataSet> {
  const file = DATA_FILES[name];
  if (!file)
    throw new RangeError(
      `unknown data set "${String(name)}" (expected ${Object.keys(DATA_FILES).join(' or ')})`,
    );
  const url = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${file}`;
  const headers = new Headers(init?.headers);
  // An explicit Accept keeps Vite's dev server from answering a missing file with index.html.
  if (!headers.has('Accept')) headers.set('Accept', 'application/octet-stream');
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    throw new DataFileError(
      url,
      'http',
      `could not be fetched (${error instanceof Error ? error.message : error})`,
    );
  }
  if (!response.ok) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new DataFileError(url, response.status === 404 ? 'missing' : 'http', `HTTP ${status}`);
  }
  if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
    throw new DataFileError(
      url,
      'missing',
      'the server answered with an HTML page, so the file is probably missing',
    );
  }
  return parseDataFile(await response.arrayBuffer(), url);
}
