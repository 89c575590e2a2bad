/** Command-line options: a small strict parser whose every error names the option and what it accepts. */

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

export function parseOptions(argv: string[], specs: OptionSpec[], command: string): ParsedOptions {
  const known = new Map(specs.map((s) => [s.name, s]));
  const allowed = () => specs.map((s) => `--${s.name}`).join(', ');
  const options: ParsedOptions = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new CliError(`${command}: unexpected argument "${arg}"; options are ${allowed()}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = known.get(name);
    if (!spec) throw new CliError(`${command}: unknown option --${name}; options are ${allowed()}`);
    if (options.has(name)) throw new CliError(`${command}: --${name} given twice`);
    if (!spec.value) {
      if (eq >= 0) throw new CliError(`${command}: --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
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
