/** Types of explorer-data.mjs, for the tests that import it. */
export const EXPLORER_POOL: number;
export const EXPLORER_MAGIC: string;
export function explorerPathFor(fullPath: string): string;
export function writeExplorerFile(
  fullPath: string,
  options?: { force?: boolean },
): { path: string; written: boolean; pool: number; bytes?: number };
