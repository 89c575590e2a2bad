/**
 * The main thread must never load tfjs (it belongs to the workers): walks the static import graph from
 * the app's entry and fails naming the chain that reaches a tfjs package. Type-only imports and the
 * workers (started with `new Worker(new URL(...))`, not imported) do not count.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && /\.tsx?$/.test(candidate)) return candidate;
  }
  return null;
}

/** Value imports and re-exports of a module: `import x from`, `import {a} from`, `export {a} from`, `import 'x'`. */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;'"]*?from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) {
    if (match[2]) continue;
    if (match[1] === 'export' && !match[3]) continue;
    specs.push(match[4]);
  }
  for (const match of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(match[1]);
  return specs;
}

function tfjsChains(entry: string): string[] {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chains: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of valueImports(file)) {
      if (spec.startsWith('@tensorflow/')) {
        const chain = [spec, relative(ROOT, file)];
        for (let p = parent.get(file); p; p = parent.get(p)) chain.push(relative(ROOT, p));
        chains.push(chain.join(' ← '));
        continue;
      }
      const next = resolveLocal(file, spec);
      if (next && !parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return chains;
}

describe('the main thread', () => {
  it('never imports tfjs (only the workers do)', () => {
    expect(tfjsChains(join(ROOT, 'src/main.tsx'))).toEqual([]);
  });

  it('the check itself sees tfjs where it is imported', () => {
    expect(tfjsChains(join(ROOT, 'src/worker/engine.worker.ts')).length).toBeGreaterThan(0);
  });
});
