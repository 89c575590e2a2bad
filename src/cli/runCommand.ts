/** `cli run`: one inference run written as a run file (shared/spec/run-format.md). */
import { access, constants, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildRunFile, networkFromRunFile, type RunFile, runFileProblems } from '../core/runFile';
import { configEtaH } from '../engine/configEtaH';
import { experiment } from '../engine/experiment';
import { runInference } from '../engine/run';
import { type Config, resolvedBudget, SETTINGS } from '../state/schema';
import { CliError, type OptionSpec, parseOptions, textOption } from './args';
import { loadData, parseCliConfig, startBackend, writeFileAtomic } from './runtime';

export const RUN_OPTIONS: OptionSpec[] = [
  {
    name: 'config',
    value: 'QUERY',
    help: 'settings as in the app URL, e.g. "depth=16&act=tanh&etaLambda=1.5"',
  },
  { name: 'out', value: 'FILE', help: 'where to write the run file (JSON)', required: true },
  { name: 'network', value: 'FILE', help: 'reuse the network and batch of an existing run file' },
  { name: 'quiet', help: 'print nothing but errors' },
];

/** Fails before any computation when --out cannot be written. */
export async function checkWritableDirectory(out: string, option = '--out'): Promise<void> {
  const directory = dirname(resolve(out));
  try {
    await access(directory, constants.W_OK);
  } catch {
    throw new CliError(`${option}: the directory ${directory} does not exist or is not writable`);
  }
}

async function readRunFile(path: string): Promise<RunFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`--network: cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`--network: ${path} is not JSON`);
  }
  const problems = runFileProblems(parsed);
  if (problems.length > 0) throw new CliError(`--network: ${path} is not a usable run file: ${problems[0]}`);
  return parsed as RunFile;
}

/** The file's own settings with the --config ones on top; sizes always come from the file's network. */
function configWithRunFile(file: RunFile, configQuery: string): Config {
  parseCliConfig(configQuery);
  const merged = new URLSearchParams();
  for (const [key, value] of Object.entries(file.config ?? {})) {
    if (['string', 'number'].includes(typeof value) && key in SETTINGS) merged.set(key, String(value));
  }
  for (const [key, value] of new URLSearchParams(configQuery)) merged.set(key, value);
  return parseCliConfig(merged.toString(), '--network (settings of the file)');
}

export async function runCommand(argv: string[]): Promise<void> {
  const options = parseOptions(argv, RUN_OPTIONS, 'run');
  const configQuery = textOption(options, 'config') ?? '';
  const out = textOption(options, 'out')!;
  const quiet = options.has('quiet');
  const log = (line: string) => !quiet && console.log(line);

  await checkWritableDirectory(out);
  let config: Config;
  let setup: ReturnType<typeof experiment>;
  const networkPath = textOption(options, 'network');
  if (networkPath) {
    const file = await readRunFile(networkPath);
    config = configWithRunFile(file, configQuery);
    setup = networkFromRunFile(file, config);
    config = { ...config, width: setup.network.width, depth: setup.network.depth, batch: setup.batch.x.rows };
    log(
      `network and batch from ${networkPath}: width ${config.width}, depth ${config.depth}, batch ${config.batch}`,
    );
  } else {
    config = parseCliConfig(configQuery);
    setup = experiment(config, await loadData(config));
  }
  const backend = await startBackend(config);
  log(`backend: ${backend.reason}`);
  const T = resolvedBudget(config);
  const asked = configEtaH({ ...config, width: setup.network.width, depth: setup.network.depth });
  if (asked.note) log(`note: ${asked.note}`);
  const spec = { network: setup.network, batch: setup.batch, etaH: asked.etaH, T };
  const run = await runInference({ ...spec, etaLambda: config.method === 'pc' ? 0 : config.etaLambda });
  const pcRun =
    config.method === 'both' ? await runInference({ ...spec, etaH: run.etaH, etaLambda: 0 }) : undefined;
  const file = buildRunFile({
    config: { ...config },
    backend: backend.active,
    network: setup.network,
    batch: setup.batch,
    run,
    method: config.method,
    pcRun,
  });
  try {
    await writeFileAtomic(out, JSON.stringify(file));
  } catch (error) {
    throw new CliError(`--out: cannot write ${out}: ${(error as Error).message}`, 1);
  }
  const last = run.steps[run.steps.length - 1];
  log(
    `η_h = ${run.etaH.toPrecision(4)}${run.hessian ? ` (auto: λ_max ≈ ${run.hessian.lambdaMax.toPrecision(4)})` : ''}, ` +
      `η_λ = ${run.etaLambda}, T = ${T}: BP cosine at step ${last.t} = ${last.gradCosine.toFixed(4)}` +
      (pcRun ? `, PC ${pcRun.steps[pcRun.steps.length - 1].gradCosine.toFixed(4)}` : ''),
  );
  if (run.divergence) log(`warning: ${run.divergence.message}`);
  log(`wrote ${out}`);
}
