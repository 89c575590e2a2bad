/**
 * Per-step metrics of one method, as the packed rows the worker sends (layout: metricsLayout).
 * Rows are appended in place, so panels can redraw just the new steps.
 */
// The tfjs-free module: importing ../engine/metrics here would pull tfjs into the main bundle.
import { type MetricsLayout, metricsLayout } from '../core/metricsLayout';

export class MetricsBuffer {
  readonly layout: MetricsLayout;
  private data: Float32Array;
  /** Steps 0 … count−1 are present. */
  count = 0;

  constructor(depth: number, traceUnits: number, expectedSteps: number) {
    this.layout = metricsLayout(depth, traceUnits);
    this.data = new Float32Array(this.layout.width * Math.max(1, expectedSteps));
  }

  /** Writes rows starting at step `fromT` (the worker sends them in order). */
  write(fromT: number, packed: Float32Array): void {
    const rows = packed.length / this.layout.width;
    const needed = (fromT + rows) * this.layout.width;
    if (needed > this.data.length) {
      const grown = new Float32Array(Math.max(needed, 2 * this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(packed, fromT * this.layout.width);
    this.count = Math.max(this.count, fromT + rows);
  }

  /** Value at step t and packed offset (e.g. layout.rRms + layer − 1). */
  value(t: number, offset: number): number {
    return this.data[t * this.layout.width + offset];
  }

  /** One quantity over steps 0 … count−1. */
  series(offset: number): Float32Array {
    const out = new Float32Array(this.count);
    for (let t = 0; t < this.count; t++) out[t] = this.data[t * this.layout.width + offset];
    return out;
  }
}
