/** Node-side setup shared by the CLI commands: backend with the wasm files from node_modules, data, config. */

import { rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DataFileError, type DataSet } from '../data/format';
import { loadDataSet } from '../data/loadNode';
import { type BackendReport, initBackend } from '../engine/backend';
import { parseQuery } from '../state/query';
import { type Config, SETTINGS } from '../state/schema';
import { allowedText } from '../state/settingKinds';
import { CliError } from './args';
import { attachNative, loadNativeModule } from './native';
import { nodeWasmThreads } from './wasmThreads';

export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

export const NODE_BACKENDS = ['auto', 'wasm', 'cpu'] as const;

/** Strict: the CLI refuses a configuration with any problem instead of substituting defaults. */
export function parseCliConfig(query: string, option = '--config'): Config {
  const { config, messages } = parseQuery(query);
  if (messages.length > 0) {
    const m = messages[0];
    throw new CliError(`${option}: ${m.key === '' ? 'the query' : `"${m.key}"`} ${m.problem}`);
  }
  if (!(NODE_BACKENDS as readonly string[]).includes(config.backend)) {
    throw new CliError(
      `${option}: "backend": ${config.backend} does not exist in Node; allowed here: ${NODE_BACKENDS.join(', ')} (the app offers ${allowedText(SETTINGS.backend)})`,
    );
  }
  return config;
}

export async function startBackend(config: Config): Promise<BackendReport> {
  // Production mode: no debug checks, and no banner recommending tfjs-node (which cannot install here).
  tf.enableProdMode();
  return startNodeBackend(config.backend as 'auto' | 'wasm' | 'cpu');
}

/**
 * A Node backend with the native kernels where they are built (src/cli/native.ts); without them,
 * tfjs-wasm's threaded build. The native module does its own threads, so with it wasm runs the
 * single-threaded build (its heap is then a plain ArrayBuffer).
 */
export async function startNodeBackend(
  name: 'auto' | 'wasm' | 'cpu',
  options: { calibrate?: boolean } = {},
): Promise<BackendReport> {
  const native = loadNativeModule();
  const report = await initBackend(name, {
    wasmPaths: wasmDirectory(),
    calibrate: options.calibrate,
    threads: native.module
      ? { enabled: false, why: 'the native kernels run the threads' }
      : nodeWasmThreads(),
  });
  return attachNative(report, native);
}

export async function loadData(config: Config): Promise<DataSet | null> {
  if (config.data === 'synthetic') return null;
  try {
    return await loadDataSet(config.data);
  } catch (error) {
    if (error instanceof DataFileError) throw new CliError(error.message, 1);
    throw error;
  }
}

/** Writes beside the target and renames, so a failure never leaves half a file (nor the temporary). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
