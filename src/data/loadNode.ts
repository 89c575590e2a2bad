/** Node loader of the data files (the CLI and the tests). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_FILES, DataFileError, type DataSet, type DataSetName, parseDataFile } from './format';

/** public/data of this repository, resolved from this file's location (not from the cwd). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

/** Path of a set's file in `dir`. */
export function dataFilePath(name: DataSetName, dir = DEFAULT_DATA_DIR): string {
  const file = DATA_FILES[name];
  if (!file)
    throw new RangeError(
      `unknown data set "${String(name)}" (expected ${Object.keys(DATA_FILES).join(' or ')})`,
    );
  return path.join(dir, file);
}

/** Reads and validates a data file; throws DataFileError (missing, truncated, corrupted, …). */
export async function loadDataFile(file: string): Promise<DataSet> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`;
    throw new DataFileError(file, 'missing', detail);
  }
  return parseDataFile(bytes, file);
}

/** Loads Fashion-MNIST or MNIST from `dir` (default: the repository's public/data). */
export function loadDataSet(name: DataSetName, dir = DEFAULT_DATA_DIR): Promise<DataSet> {
  return loadDataFile(dataFilePath(name, dir));
}
