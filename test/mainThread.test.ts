/**
 * The main thread must never load tfjs (it belongs to the workers): walks the static import graph from
 * the app's entry and fails naming the chain that reaches a tfjs package. Type-only imports and the
 * workers (started with `new Worker(new URL(...))`, not imported) do not count.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, ROOT } from './helpers/imports';

function tfjsChains(entry: string): string[] {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chains: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const edge of importsOf(file)) {
      if (edge.typeOnly) continue;
      if (edge.spec.startsWith('@tensorflow/')) {
        const chain = [edge.spec, relative(ROOT, file)];
        for (let p = parent.get(file); p; p = parent.get(p)) chain.push(relative(ROOT, p));
        chains.push(chain.join(' ← '));
        continue;
      }
      if (edge.file && /\.tsx?$/.test(edge.file) && !parent.has(edge.file)) {
        parent.set(edge.file, file);
        queue.push(edge.file);
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
