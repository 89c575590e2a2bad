/**
 * The project's import graph, read from the source text: what each module imports (relative modules
 * resolved to files, packages by name). Used by the layering rules and the main-thread check.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface ImportEdge {
  /** The text after `from` (or inside `import(…)`). */
  spec: string;
  /** The resolved file of a relative import, else null (a package, or unresolvable). */
  file: string | null;
  typeOnly: boolean;
  line: number;
}

export function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

/**
 * Static imports and re-exports (`import x from`, `import {a} from`, `export {a} from`, `import 'x'`),
 * with whether they are type-only, and dynamic `import('…')`. Workers started with
 * `new Worker(new URL(…))` are not imports: they run in their own global scope.
 */
export function importsOf(file: string): ImportEdge[] {
  const source = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;'"]*?from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) {
    if (match[1] === 'export' && !match[3]) continue;
    const spec = match[4];
    edges.push({
      spec,
      file: resolveLocal(file, spec),
      typeOnly: Boolean(match[2]),
      line: lineOf(source, match.index ?? 0),
    });
  }
  for (const match of source.matchAll(/(?<!typeof\s)import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    edges.push({
      spec: match[1],
      file: resolveLocal(file, match[1]),
      typeOnly: false,
      line: lineOf(source, match.index ?? 0),
    });
  }
  return edges;
}

/** Every .ts / .tsx file under a folder (relative to the repository, or absolute). */
export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) out.push(path);
    }
  };
  walk(isAbsolute(folder) ? folder : join(ROOT, folder));
  return out.sort();
}
