/** Comparisons of nested number arrays, with errors that say where they differ. */
import { expect } from 'vitest';

export type Nested = number | ArrayLike<number> | Nested[] | ArrayLike<number>[];

export function flat(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return (v as unknown[]).flatMap(flat);
}

export function maxAbs(v: unknown): number {
  return flat(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

/**
 * |actual − expected| ≤ rtol·|expected| + atol for every entry (same number of entries). `what` names
 * the quantity in the failure message, with the index and both values of the worst entry.
 */
export function expectClose(actual: unknown, expected: unknown, what: string, rtol: number, atol = 0): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, `${what}: number of entries`).toBe(e.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i] - e[i]) - (rtol * Math.abs(e[i]) + atol);
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${what}: entry ${worst} is ${a[worst]}, expected ${e[worst]} (rtol ${rtol}, atol ${atol}; ${a.length} entries)`,
    );
  }
}

/** Relative error ‖a − b‖ / ‖b‖ over all entries. */
export function relativeError(actual: unknown, expected: unknown): number {
  const a = flat(actual);
  const e = flat(expected);
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    num += (a[i] - e[i]) ** 2;
    den += e[i] ** 2;
  }
  return Math.sqrt(num / den);
}
