/**
 * Downloads tfjs-backend-wasm's binary with progress before tfjs asks for it, and hands tfjs a blob:
 * URL of the bytes, so the page can say "Loading the WebAssembly engine: 0.2 of 0.42 MB" and the file
 * is fetched once. Only the binary tfjs will pick is fetched: the threaded SIMD one where the worker
 * runs the threaded build (a cross-origin isolated page, browserThreads.ts) and the machine has SIMD,
 * as tfjs picks it; otherwise SIMD or plain, asked of tfjs's own flag. On any failure tfjs gets the
 * plain URLs and fetches (and reports) itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fetchBytes } from '../data/fetchProgress';
import { type PostLoading, reported } from './loadingReport';

export async function prefetchWasm(
  paths: Record<string, string>,
  post: PostLoading,
  threaded: boolean,
): Promise<Record<string, string>> {
  try {
    // Importing the backend registers its flags; the explorer imports it for "auto" and "wasm" anyway.
    await import('@tensorflow/tfjs-backend-wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const name = !simd
      ? 'tfjs-backend-wasm.wasm'
      : threaded
        ? 'tfjs-backend-wasm-threaded-simd.wasm'
        : 'tfjs-backend-wasm-simd.wasm';
    const url = paths[name];
    if (!url) return paths;
    const bytes = await reported(post, 'wasm', 'the WebAssembly engine', (onProgress) =>
      fetchBytes(url, { onProgress }),
    );
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/wasm' });
    return { ...paths, [name]: URL.createObjectURL(blob) };
  } catch {
    return paths;
  }
}
