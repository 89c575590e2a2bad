/**
 * Where the modes are on the ring: the density of the singular values σ of A drawn at the radius
 * √(1 − η_h σ²) that the closed form of spec §7 gives each mode's complex pair. One annular band per
 * histogram bin, its opacity the number of modes per unit radius (darkest = most crowded), so the
 * picture holds at any n (the matrix-free path gives the density, not every σ). Modes with
 * η_h σ² ≥ 1 have no complex pair and no radius: they are left out, as from the ring.
 */

export interface DensityBand {
  inner: number;
  outer: number;
  /** 0 … 1: modes per unit radius relative to the most crowded band. */
  opacity: number;
}

/** The bands for histogram (edges, mass) at η_h (pure: tested without a DOM). */
export function densityBands(edges: ArrayLike<number>, mass: ArrayLike<number>, etaH: number): DensityBand[] {
  const bands: Array<DensityBand & { perRadius: number }> = [];
  for (let b = 0; b < mass.length; b++) {
    if (!(mass[b] > 0)) continue;
    const aLo = etaH * edges[b] * edges[b];
    const aHi = etaH * edges[b + 1] * edges[b + 1];
    if (aLo >= 1) continue;
    const outer = Math.sqrt(1 - aLo);
    const inner = Math.sqrt(Math.max(0, 1 - Math.min(aHi, 1)));
    // Only the part of the bin with a < 1 is on the ring (mass prorated in σ).
    const kept = aHi <= 1 ? 1 : (Math.sqrt(1 / etaH) - edges[b]) / (edges[b + 1] - edges[b]);
    // A bin narrower than a hairline still gets one: its modes are all at one radius.
    const width = Math.max(outer - inner, 1e-3);
    bands.push({ inner, outer, opacity: 0, perRadius: (mass[b] * kept) / width });
  }
  const top = Math.max(0, ...bands.map((band) => band.perRadius));
  return bands.map(({ inner, outer, perRadius }) => ({
    inner,
    outer,
    opacity: top > 0 ? perRadius / top : 0,
  }));
}

/** SVG path of a ring (even-odd fill) centred at (cx, cy), radii in pixels. */
function ring(cx: number, cy: number, inner: number, outer: number): string {
  const circle = (r: number) =>
    `M${cx + r},${cy}A${r},${r} 0 1,0 ${cx - r},${cy}A${r},${r} 0 1,0 ${cx + r},${cy}Z`;
  return circle(outer) + (inner > 0 ? circle(inner) : '');
}

export function DensityRing(props: {
  edges: ArrayLike<number>;
  mass: ArrayLike<number>;
  etaH: number;
  cx: number;
  cy: number;
  /** Pixels per unit of |z|. */
  unit: number;
}) {
  const { cx, cy, unit } = props;
  const bands = densityBands(props.edges, props.mass, props.etaH);
  // Bands thinner than a pixel are widened to one so the crowded edge of the ring stays visible.
  const minWidth = 1 / Math.max(unit, 1);
  return (
    <g className="annulus-density" data-testid="annulus-density">
      {bands.map((band) => {
        const outer = Math.max(band.outer, band.inner + minWidth);
        return (
          <path
            key={`${band.inner}-${band.outer}`}
            d={ring(cx, cy, band.inner * unit, outer * unit)}
            fillOpacity={0.08 + 0.62 * Math.sqrt(band.opacity)}
          />
        );
      })}
    </g>
  );
}
