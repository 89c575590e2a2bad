/** Command-line options: a strict parser whose every error names the option and what it accepts. */
import { parseArgs } from 'node:util';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  name: string;
  /** What the value is, for messages and help, e.g. "FILE". Omit for a flag without a value. */
  value?: string;
  help: string;
  required?: boolean;
}

export type ParsedOptions = Map<string, string | true>;

/**
 * node:util's parseArgs splits argv into tokens (`--name value`, `--name=value`, flags); the checks here
 * stay ours, so every message names the option and what it accepts, in argv order, first problem thrown.
 */
export function parseOptions(argv: string[], specs: OptionSpec[], command: string): ParsedOptions {
  const known = new Map(specs.map((s) => [s.name, s]));
  const allowed = () => specs.map((s) => `--${s.name}`).join(', ');
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      specs.map((s) => [s.name, { type: s.value ? 'string' : 'boolean' }] as const),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: ParsedOptions = new Map();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      throw new CliError(`${command}: unknown option --; options are ${allowed()}`);
    }
    if (token.kind === 'positional' || !token.rawName.startsWith('--')) {
      throw new CliError(`${command}: unexpected argument "${argv[token.index]}"; options are ${allowed()}`);
    }
    const { name } = token;
    const spec = known.get(name);
    if (!spec) throw new CliError(`${command}: unknown option --${name}; options are ${allowed()}`);
    if (options.has(name)) throw new CliError(`${command}: --${name} given twice`);
    if (!spec.value) {
      if (token.inlineValue) throw new CliError(`${command}: --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    // parseArgs takes the next argument whatever it is; "--out --quiet" means --out lacks its value.
    const { value } = token;
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      throw new CliError(`${command}: --${name} needs a value (${spec.value})`);
    }
    options.set(name, value);
  }
  for (const spec of specs) {
    if (spec.required && !options.has(spec.name)) {
      throw new CliError(`${command}: --${spec.name} ${spec.value ?? ''} is required`.trimEnd());
    }
  }
  return options;
}

export function optionHelp(specs: OptionSpec[]): string {
  return specs
    .map(
      (s) =>
        `  --${s.name}${s.value ? ` ${s.value}` : ''}${s.required ? '' : ' (optional)'}\n      ${s.help}`,
    )
    .join('\n');
}

/** The text of an option that takes a value; undefined when it was not given. */
export function textOption(options: ParsedOptions, name: string): string | undefined {
  const raw = options.get(name);
  return typeof raw === 'string' ? raw : undefined;
}

/** A positive integer option, e.g. --every 50. */
export function intOption(
  options: ParsedOptions,
  name: string,
  fallback: number,
  min = 1,
  max = 1e9,
): number {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`--${name}: "${String(raw)}" is not an integer from ${min} to ${max}`);
  }
  return value;
}
