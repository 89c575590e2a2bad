/**
 * The paper's width × depth grid (Fig. 2) as data: which cells a shard runs, the columns of cells.csv,
 * and reading a cells.csv back (possibly several shards concatenated) into per-cell accuracy gaps.
 * No tfjs, no fs: shared by `cli grid` and the app's grid view.
 */

import { csvFormatRows, csvParseRows } from 'd3';
import { TRAIN_METHODS, type TrainMethod } from './methods';
import type { Activation } from './network';

export interface GridCell {
  act: Activation;
  width: number;
  depth: number;
  seed: number;
}

/** Every cell in a fixed order (activation, width, depth, seed), so shard i/n is the same everywhere. */
export function gridCells(
  acts: readonly Activation[],
  widths: readonly number[],
  depths: readonly number[],
  seeds: readonly number[],
): GridCell[] {
  const cells: GridCell[] = [];
  for (const act of acts)
    for (const width of widths)
      for (const depth of depths) for (const seed of seeds) cells.push({ act, width, depth, seed });
  return cells;
}

export interface Shard {
  index: number;
  count: number;
}

/** "i/n" with 0 ≤ i < n; throws a message naming what is wrong. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || !(count >= 1) || !(index < count) || count > 1e6) {
    throw new RangeError(`"${text}" is not a shard i/n with 0 ≤ i < n (e.g. 0/4 … 3/4)`);
  }
  return { index, count };
}

/** Shard i/n runs every n-th cell starting at cell i, so n shards together run each cell exactly once. */
export function shardCells<T>(cells: readonly T[], shard: Shard): T[] {
  return cells.filter((_, k) => k % shard.count === shard.index);
}

/** One row of cells.csv: one method trained on one cell. */
export interface CellRow {
  data: string;
  arch: string;
  param: string;
  act: string;
  width: number;
  depth: number;
  seed: number;
  method: TrainMethod;
  T: number;
  eta_h: number;
  eta_lambda: number;
  lr: number;
  epochs: number;
  batch: number;
  steps: number;
  train_acc: number | null;
  test_acc: number;
  test_loss: number;
  grad_cos: number;
  train_s: number;
  wall_s: number;
  backend: string;
  /** Empty, or the step and reason a method diverged. */
  diverged: string;
}

/** Every column of cells.csv in file order, and whether it holds a number or text. */
const COLUMN_KINDS = {
  data: 'text',
  arch: 'text',
  param: 'text',
  act: 'text',
  width: 'number',
  depth: 'number',
  seed: 'number',
  method: 'text',
  T: 'number',
  eta_h: 'number',
  eta_lambda: 'number',
  lr: 'number',
  epochs: 'number',
  batch: 'number',
  steps: 'number',
  train_acc: 'number',
  test_acc: 'number',
  test_loss: 'number',
  grad_cos: 'number',
  train_s: 'number',
  wall_s: 'number',
  backend: 'text',
  diverged: 'text',
} as const satisfies Record<keyof CellRow, 'number' | 'text'>;

export const CELL_COLUMNS = Object.keys(COLUMN_KINDS) as ReadonlyArray<keyof CellRow>;

/**
 * One CSV line (d3-dsv, RFC 4180): numbers as JavaScript prints them, text quoted when it holds a comma,
 * quote or line break, null and undefined empty.
 */
export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return csvFormatRows([values.map((v) => (v === null || v === undefined ? '' : String(v)))]);
}

export const CELLS_HEADER = csvLine(CELL_COLUMNS);

export function cellLine(row: CellRow): string {
  return csvLine(CELL_COLUMNS.map((c) => row[c]));
}

/** Splits CSV text into records (d3-dsv: RFC 4180 quoting; \n, \r\n or \r), blank lines dropped. */
export function parseCsv(text: string): string[][] {
  return csvParseRows(text).filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

export interface ParsedCells {
  rows: CellRow[];
  /** Lines that could not be used, with why (1-based line numbers of records). */
  problems: string[];
}

const NUMERIC = new Set(CELL_COLUMNS.filter((c) => COLUMN_KINDS[c] === 'number'));

/** At most this many problems are listed (a wrong file would otherwise list every line). */
const MAX_PROBLEMS = 20;

/**
 * Reads cells.csv text: the first record must be the header (columns in any order, extra columns
 * ignored); a repeated header line (concatenated shards) is skipped; bad rows are reported, not thrown.
 */
export function parseCells(text: string): ParsedCells {
  const records = parseCsv(text);
  const problems: string[] = [];
  if (records.length === 0) return { rows: [], problems: ['the file is empty'] };
  const header = records[0].map((h) => h.trim());
  const missing = ['act', 'width', 'depth', 'method', 'test_acc'].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return { rows: [], problems: [`this is not a cells.csv: the header lacks ${missing.join(', ')}`] };
  }
  const rows: CellRow[] = [];
  const note = (line: number, why: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`record ${line}: ${why}`);
    else if (problems.length === MAX_PROBLEMS) problems.push('… more problems not listed');
  };
  records.slice(1).forEach((record, k) => {
    const line = k + 2;
    if (record.map((f) => f.trim()).join(',') === header.join(',')) return; // another shard's header
    if (record.length !== header.length) {
      note(line, `${record.length} fields, the header has ${header.length}`);
      return;
    }
    const row: Record<string, string | number | null> = {};
    header.forEach((name, i) => {
      const raw = record[i].trim();
      if (!NUMERIC.has(name as keyof CellRow)) row[name] = raw;
      else row[name] = raw === '' ? null : Number(raw);
    });
    const bad = ['width', 'depth', 'test_acc'].find(
      (c) => typeof row[c] !== 'number' || !Number.isFinite(row[c]),
    );
    if (bad) {
      note(line, `"${bad}" is not a number`);
      return;
    }
    if (!(TRAIN_METHODS as readonly string[]).includes(String(row.method))) {
      note(line, `method "${String(row.method).slice(0, 20)}" is not bp, pc or pcalm`);
      return;
    }
    rows.push(row as unknown as CellRow);
  });
  return { rows, problems };
}

export interface GapCell {
  width: number;
  depth: number;
  /** Mean test accuracy of each method over the seeds present. */
  accuracy: Partial<Record<TrainMethod, number>>;
  seeds: number;
  /** accuracy[a] − accuracy[b], in percentage points; null when either is missing. */
  gap: number | null;
}

export interface GapGrid {
  data: string;
  act: string;
  widths: number[];
  depths: number[];
  cells: GapCell[];
}

/** Per (data, activation): the mean accuracies per width × depth and the gap of method a over b. */
export function gapGrids(rows: readonly CellRow[], a: TrainMethod, b: TrainMethod): GapGrid[] {
  const groups = new Map<string, CellRow[]>();
  for (const row of rows) {
    const key = `${row.data ?? ''}\u0000${row.act}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const grids: GapGrid[] = [];
  for (const [key, members] of groups) {
    const [data, act] = key.split('\u0000');
    const widths = [...new Set(members.map((r) => r.width))].sort((x, y) => x - y);
    const depths = [...new Set(members.map((r) => r.depth))].sort((x, y) => x - y);
    const cells: GapCell[] = [];
    for (const width of widths)
      for (const depth of depths) {
        const here = members.filter((r) => r.width === width && r.depth === depth);
        if (here.length === 0) continue;
        const accuracy: Partial<Record<TrainMethod, number>> = {};
        for (const method of TRAIN_METHODS) {
          const values = here.filter((r) => r.method === method).map((r) => r.test_acc);
          if (values.length) accuracy[method] = values.reduce((s, v) => s + v, 0) / values.length;
        }
        const gap =
          accuracy[a] !== undefined && accuracy[b] !== undefined ? 100 * (accuracy[a]! - accuracy[b]!) : null;
        cells.push({ width, depth, accuracy, seeds: new Set(here.map((r) => r.seed)).size, gap });
      }
    grids.push({ data, act, widths, depths, cells });
  }
  return grids.sort((x, y) => (x.data + x.act).localeCompare(y.data + y.act));
}
