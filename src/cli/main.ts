/** Entry point of `npm run cli -- <command> [options]`. */
import { CliError, type OptionSpec, optionHelp } from './args';
import { BENCH_OPTIONS, benchCommand } from './bench';
import { GRID_OPTIONS, gridCommand } from './grid';
import { RUN_OPTIONS, runCommand } from './runCommand';
import { TRAIN_OPTIONS, trainCommand } from './train';

interface Command {
  summary: string;
  options: OptionSpec[];
  run: (argv: string[]) => Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'one inference run (PC / PC-ALM / both) written as a run file',
    options: RUN_OPTIONS,
    run: runCommand,
  },
  bench: {
    summary: 'activity steps per second on the Node backends (a table, or --json)',
    options: BENCH_OPTIONS,
    run: benchCommand,
  },
  train: {
    summary: 'train BP / PC / PC-ALM from the same initial weights; per method metrics.csv and summary.json',
    options: TRAIN_OPTIONS,
    run: trainCommand,
  },
  grid: {
    summary: 'the width × depth × activation grid (Fig. 2) as cells.csv; --shard i/n splits it over jobs',
    options: GRID_OPTIONS,
    run: gridCommand,
  },
};

function usage(): string {
  const blocks = Object.entries(COMMANDS).map(
    ([name, c]) => `${name}: ${c.summary}\n${optionHelp(c.options)}`,
  );
  return `usage: npm run cli -- <command> [options]\n\n${blocks.join('\n\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"; commands are ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      return error.exitCode;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
