/**
 * Reading a dropped or picked run file (shared/spec/run-format.md) into what the engine needs: the
 * file's network and batch, and a configuration in which the settings the file fixes (sizes, rates,
 * budget) are the file's. Pure and DOM-free: it runs in a worker (runFileReader.worker.ts) so a large
 * file never freezes the page, and in Node tests. Nothing here throws; every problem is a message.
 */
import type { Batch } from '../../core/batch';
import type { BatchPreview } from '../../core/engineProtocol';
import type { Network } from '../../core/network';
import { networkFromRunFile, type RunFile, runFileProblems } from '../../core/runFile';
import { type Config, resolvedBudget, SETTING_KEYS, SETTINGS } from '../../state/schema';
import { parseValue } from '../../state/settingKinds';

/** Files larger than this are refused before they are read (a default run's file is about 2 MB). */
export const MAX_RUN_FILE_BYTES = 256 * 1024 * 1024;

export type RunFileReading =
  | {
      ok: true;
      config: Config;
      network: Network;
      batch: Batch;
      /** Settings the file lacked or had wrong, and what was used instead. */
      notes: string[];
      /** Backend that computed the file's metrics. */
      backend: string;
    }
  | { ok: false; problem: string };

const MAX_PROBLEMS_SHOWN = 3;
const MAX_NOTES = 5;

const cut = (text: string, length = 120) => (text.length > length ? `${text.slice(0, length)}…` : text);

function listProblems(problems: string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ');
  const more = problems.length - MAX_PROBLEMS_SHOWN;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** Settings the file's network must agree with; their values come from the network itself. */
function sizeProblems(file: RunFile): string[] {
  const W = file.network.W;
  const sizes: Array<[keyof typeof SETTINGS, number]> = [
    ['width', W[0].shape[0]],
    ['depth', W.length],
    ['batch', file.batch.x.shape[0]],
  ];
  return sizes
    .filter(([key, value]) => !parseValue(SETTINGS[key], String(value)).ok)
    .map(
      ([key, value]) =>
        `its ${key} is ${value}, this app allows at most ${(SETTINGS[key] as { max: number }).max}`,
    );
}

/**
 * The file's settings on top of `current` (whose backend and view stay: they are about this
 * machine and this page). Unknown keys are ignored; bad values keep the current one with a note.
 */
function configOf(file: RunFile, current: Config, notes: string[]): Config {
  const config: Config = { ...current, view: 'explorer' };
  const raw = file.config;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    notes.push(
      'the file has no "config"; architecture, activation and parameterization are the current ones',
    );
    return config;
  }
  for (const key of SETTING_KEYS) {
    if (key === 'backend' || key === 'view') continue;
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined && key === 'data') {
      // Unknown data: no images, rather than pictures of whatever the inputs are.
      config.data = 'synthetic';
      notes.push('"config.data" is missing; the batch is shown as synthetic data (no images)');
    } else if (value === undefined && ['arch', 'act', 'param'].includes(key)) {
      notes.push(`"config.${key}" is missing; using ${config[key]}`);
    }
    if (value === undefined) continue;
    const parsed =
      typeof value === 'string' || typeof value === 'number'
        ? parseValue(SETTINGS[key], String(value))
        : { ok: false as const, problem: 'is not a string or number' };
    if (parsed.ok) (config as Record<string, unknown>)[key] = parsed.value;
    else notes.push(`"config.${key}": ${cut(parsed.problem, 60)}; using ${config[key]}`);
  }
  return config;
}

/** Reads a run file's text. `current` is the configuration on screen. */
export function readRunFile(text: string, current: Config): RunFileReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `it is not JSON (${cut(error instanceof Error ? error.message : String(error))})`,
    };
  }
  const problems = runFileProblems(parsed);
  if (problems.length > 0)
    return { ok: false, problem: `it is not a usable run file: ${listProblems(problems)}` };
  const file = parsed as RunFile;
  const tooLarge = sizeProblems(file);
  if (tooLarge.length > 0) return { ok: false, problem: listProblems(tooLarge) };

  const notes: string[] = [];
  const settings = configOf(file, current, notes);
  const { network, batch } = networkFromRunFile(file, settings);
  const config: Config = { ...settings, width: network.width, depth: network.depth, batch: batch.x.rows };
  // η_h and T as the file's run used them, so its steps are reproduced (η_h after auto-conditioning).
  if (typeof file.etaH === 'number' && parseValue(SETTINGS.etaH, String(file.etaH)).ok)
    config.etaH = file.etaH;
  else notes.push(`"etaH" ${JSON.stringify(file.etaH)} is not usable; η_h is ${config.etaH}`);
  if (typeof file.T === 'number' && parseValue(SETTINGS.T, String(file.T)).ok) {
    if (file.T !== resolvedBudget(config)) config.T = file.T;
  } else
    notes.push(
      `"T" ${cut(JSON.stringify(file.T) ?? 'undefined', 20)} is not usable; T is ${resolvedBudget(config)}`,
    );
  const backend = typeof file.backend === 'string' ? cut(file.backend, 20) : 'unknown';
  const shown = notes.slice(0, MAX_NOTES);
  if (notes.length > MAX_NOTES) shown.push(`and ${notes.length - MAX_NOTES} more`);
  return { ok: true, config, network, batch, notes: shown, backend };
}

/**
 * Images for the batch strip of an imported run: the worker draws images only for batches it took
 * from a data set, but a file's inputs from Fashion-MNIST or MNIST are those images, standardised by
 * statistics this page does not have. Standardising is one affine map for every pixel, so stretching
 * the batch's own range onto 0 … 255 gives the pixels back (both data sets have black and white).
 */
export function importedPreview(preview: BatchPreview, config: Config, batch: Batch): BatchPreview {
  const side = Math.round(Math.sqrt(batch.x.cols));
  if (preview.pixels || config.data === 'synthetic' || side * side !== batch.x.cols) return preview;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const v of batch.x.data) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const span = high - low;
  if (!(span > 0)) return preview;
  const pixels = Uint8Array.from(batch.x.data, (v) => Math.round((255 * (v - low)) / span));
  return { ...preview, pixels, side };
}
