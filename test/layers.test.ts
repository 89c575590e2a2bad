/**
 * The floors of src/ and what each may import: the one written statement of the rule (the README's
 * "How the code is laid out" repeats it for readers). Type-only imports count: a type from a floor
 * above is still an arrow pointing up. A wrong-way import fails here, naming the file and line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, ROOT, sourceFiles } from './helpers/imports';

/** Floor → the floors it may import (its own floor always). Listed bottom-up. */
const FLOORS: Record<string, readonly string[]> = {
  core: [],
  data: ['core'],
  theory: ['core'],
  engine: ['core', 'data'],
  worker: ['core', 'data', 'theory', 'engine'],
  state: ['core', 'theory'],
  ui: ['core', 'state'],
  panels: ['core', 'theory', 'state', 'ui'],
  app: ['core', 'data', 'theory', 'state', 'ui', 'panels'],
  cli: ['core', 'data', 'theory', 'engine', 'worker', 'state'],
};

/** Packages only the engine's floors may load: tfjs stays off the main thread and out of core. */
const TFJS_FLOORS = new Set(['engine', 'worker', 'cli']);

function floorOf(file: string, src: string): string {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? 'entry' : parts[0];
}

function layeringProblems(files: readonly string[], src = join(ROOT, 'src')): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const from = floorOf(file, src);
    const allowed = FLOORS[from];
    if (!allowed && from !== 'entry') {
      problems.push(`${relative(src, file)}: folder "${from}" is not a floor of FLOORS`);
      continue;
    }
    for (const edge of importsOf(file)) {
      const where = `${relative(src, file)}:${edge.line}`;
      if (edge.spec.startsWith('@tensorflow/') && !TFJS_FLOORS.has(from)) {
        problems.push(`${where}: ${from} imports ${edge.spec} (tfjs belongs to engine, worker, cli)`);
      }
      const target = edge.file;
      if (target === null || !target.startsWith(`${src}${sep}`) || from === 'entry') continue;
      const to = floorOf(target, src);
      if (to !== from && !allowed.includes(to)) {
        problems.push(
          `${where}: ${from} → ${to} (${edge.spec}); ${from} may import ${allowed.join(', ') || 'nothing of ours'}`,
        );
      }
    }
  }
  return problems;
}

describe('layering', () => {
  it('every import in src/ points down a floor (or stays on its own)', () => {
    expect(layeringProblems(sourceFiles('src'))).toEqual([]);
  });

  it('the floors form a strict order: no floor may import one that may import it', () => {
    for (const [floor, below] of Object.entries(FLOORS)) {
      for (const other of below) expect(FLOORS[other], `${floor} ↔ ${other}`).not.toContain(floor);
    }
  });

  it('the check itself sees a wrong-way import, a tfjs import in core and an unknown folder', () => {
    const src = join(mkdtempSync(join(tmpdir(), 'layers-')), 'src');
    const write = (path: string, text: string) => {
      mkdirSync(join(src, path, '..'), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    write('state/schema.ts', 'export const A = 1;\n');
    write('engine/bad.ts', "import type { A } from '../state/schema';\n");
    write('core/tf.ts', "import * as tf from '@tensorflow/tfjs-core';\n");
    write('misc/x.ts', 'export {};\n');
    const problems = layeringProblems(sourceFiles(src), src);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/engine\/bad\.ts:1: engine → state/);
    expect(problems.join('\n')).toMatch(/core\/tf\.ts:1: core imports @tensorflow/);
    expect(problems.join('\n')).toMatch(/"misc" is not a floor/);
  });
});
