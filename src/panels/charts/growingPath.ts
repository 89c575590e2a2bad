/**
 * An SVG path over steps 0 … n−1 that grows as the engine delivers steps: only the new points are
 * formatted, so a curve drawn live costs O(new steps) per frame instead of O(all steps). A non-finite
 * value lifts the pen, leaving a gap rather than a line to nowhere.
 */
export class GrowingPath {
  private d = '';
  private drawn = 0;
  private penDown = false;

  constructor(
    private readonly x: (t: number) => number,
    private readonly y: (value: number) => number,
  ) {}

  /** Steps already in the path. */
  get steps(): number {
    return this.drawn;
  }

  /** Extends the path to steps 0 … count−1, reading each new step's value; returns the path data. */
  extend(count: number, value: (t: number) => number): string {
    for (let t = this.drawn; t < count; t++) {
      const v = value(t);
      if (!Number.isFinite(v)) {
        this.penDown = false;
        continue;
      }
      const px = this.x(t);
      const py = this.y(v);
      if (!Number.isFinite(px) || !Number.isFinite(py)) {
        this.penDown = false;
        continue;
      }
      this.d += `${this.penDown ? 'L' : 'M'}${round1(px)},${round1(py)}`;
      this.penDown = true;
    }
    this.drawn = Math.max(this.drawn, count);
    return this.d;
  }
}

/** Tenths of a pixel are finer than any screen shows and keep the path strings short. */
function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
