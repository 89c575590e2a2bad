/**
 * The run-file actions of the page: export the run on screen (JSON run file, metrics CSV) and open a
 * run file (dropped or picked). Opening is checked end to end (size, JSON, format, shapes, finite
 * numbers, memory) before anything changes; a bad file gets a message and the current run stays.
 */
import { formatBytes, inferenceBytes, memoryProblem } from '../../core/memory';
import { notify, runFinished, store } from '../../state/store';
import { downloadBlob } from '../../ui/download';
import { engine } from '../engineClient';
import { WorkerChannel } from '../workerChannel';
import { appRunFile, metricsCsv, runFileSizeProblem, runFileStem } from './runExport';
import type { RunFileReader } from './runFileReader.worker';
import { MAX_RUN_FILE_BYTES, type RunFileReading } from './runImport';

function currentRun() {
  const { run } = store.getState();
  if (!run) notify('warning', 'Nothing to export yet: the engine has not started a run.', 'export');
  return run;
}

function unfinishedNote(kind: string): void {
  const run = store.getState().run;
  if (run && !runFinished(run))
    notify(
      'info',
      `${kind}: the run had not reached T = ${run.info.T}, so the file holds the steps computed so far.`,
      'export',
    );
}

export function exportRunFile(): void {
  const run = currentRun();
  if (!run) return;
  const problem = runFileSizeProblem(run);
  if (problem) {
    notify(
      'error',
      `Cannot export this run as JSON: ${problem}. The metrics CSV is still available.`,
      'export',
    );
    return;
  }
  const text = JSON.stringify(appRunFile(run, store.getState().config.method));
  downloadBlob(new Blob([text], { type: 'application/json' }), `${runFileStem(run, 'run')}.json`);
  unfinishedNote('Run file');
}

export function exportMetricsCsv(): void {
  const run = currentRun();
  if (!run) return;
  downloadBlob(new Blob([metricsCsv(run)], { type: 'text/csv' }), `${runFileStem(run, 'metrics')}.csv`);
  unfinishedNote('Metrics');
}

/**
 * Parses in a worker so a large file never freezes the page; resolves with the reading or a problem.
 * One worker per file: a reader that dies (out of memory on a huge file) takes nothing else with it.
 */
async function readInWorker(file: File): Promise<RunFileReading> {
  let crash: string | null = null;
  const channel = new WorkerChannel<never, never, RunFileReader>({
    create: () => new Worker(new URL('./runFileReader.worker.ts', import.meta.url), { type: 'module' }),
    onCrash: (reason) => {
      crash = reason;
    },
  });
  try {
    return await channel.call(
      (reader) => reader.read(file, store.getState().config) as Promise<RunFileReading>,
    );
  } catch {
    return { ok: false, problem: `it could not be read (${crash ?? 'the reader stopped'})` };
  } finally {
    channel.stop();
  }
}

let opening = 0;

export async function openRunFile(file: File): Promise<void> {
  const name = file.name.length > 60 ? `${file.name.slice(0, 60)}…` : file.name;
  const refuse = (problem: string) =>
    notify('error', `Could not open “${name}”: ${problem}. The current run stays.`, 'import');
  if (file.size > MAX_RUN_FILE_BYTES) {
    refuse(
      `it is ${formatBytes(file.size)}, more than the ${formatBytes(MAX_RUN_FILE_BYTES)} a run file may be`,
    );
    return;
  }
  const ticket = ++opening;
  notify('info', `Reading “${name}”…`, 'import');
  const reading = await readInWorker(file);
  if (ticket !== opening) return; // another file was opened meanwhile
  if (!reading.ok) {
    refuse(reading.problem);
    return;
  }
  const { config, network, batch, notes, backend } = reading;
  const tooLarge = memoryProblem('running it', inferenceBytes(config, network.inputDim));
  if (tooLarge) {
    refuse(tooLarge);
    return;
  }
  store.setState({ config, preset: null, viewT: null });
  engine.importRun(config, { network, batch }, { name: `run file “${name}”` });
  const details = notes.length > 0 ? ` Notes: ${notes.join('; ')}.` : '';
  notify(
    notes.length > 0 ? 'warning' : 'info',
    `Opened “${name}”: width ${network.width}, depth ${network.depth}, batch ${batch.x.rows} ` +
      `(its metrics were computed on ${backend}; recomputed here).${details}`,
    'import',
  );
}
