/**
 * fetch with progress: reads the body chunk by chunk and reports bytes received, so the page can say
 * "12.3 of 55.0 MB". Throws DataFileError (naming the URL) on a network error, an HTTP error or an
 * HTML page where a data file should be; an abort passes through as the AbortError it is.
 */
import type { LoadProgress } from '../core/loading';
import { DataFileError } from './format';

export interface FetchOptions {
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  init?: RequestInit;
}

/** Bytes in all, when the server says and the body is not re-encoded on the way. */
function declaredTotal(response: Response): number | null {
  if (response.headers.get('content-encoding')) return null;
  const length = Number(response.headers.get('content-length'));
  return Number.isFinite(length) && length > 0 ? length : null;
}

export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const headers = new Headers(options.init?.headers);
  // An explicit Accept keeps Vite's dev server from answering a missing file with index.html.
  if (!headers.has('Accept')) headers.set('Accept', 'application/octet-stream');
  const wrap = (error: unknown, at: string) => {
    if (error instanceof DOMException && error.name === 'AbortError') return error;
    return new DataFileError(url, 'http', `${at} (${error instanceof Error ? error.message : error})`);
  };
  let response: Response;
  try {
    response = await fetch(url, { ...options.init, headers, signal: options.signal });
  } catch (error) {
    throw wrap(error, 'could not be fetched');
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
  const total = declaredTotal(response);
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  options.onProgress?.({ loaded, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      options.onProgress?.({ loaded, total });
    }
  } catch (error) {
    throw wrap(error, `the download broke off after ${(loaded / 1e6).toFixed(1)} MB`);
  }
  if (total !== null && loaded < total) {
    throw new DataFileError(url, 'truncated', `the download stopped at ${loaded} of ${total} bytes`);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
