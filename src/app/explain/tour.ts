/**
 * The guided tour: the five preset groups of the paper's story, in order. A stop is a preset, and the
 * stop shown is the one whose preset is active, so the browser's back button (which restores the
 * previous preset) moves the tour too. Pure data and lookups; the card is TourCard.tsx.
 */
import type { PresetId } from '../../state/presets';

export interface TourStop {
  preset: PresetId;
  /** Group title; the inflection group has one stop per η_λ. */
  group: string;
  /** Where to look, one sentence. */
  look: string;
}

export const TOUR_STOPS: readonly TourStop[] = [
  {
    preset: 'scalar',
    group: 'The scalar example',
    look: 'Press Play under the sliders and watch PC-ALM’s arrow turn onto BP’s while h returns to its forward value; then drag w₁. The preset sets η_h = 0.2, which makes the (h, λ) path a spiral; tick η_h auto to see it straighten.',
  },
  {
    preset: 'ballistic',
    group: 'Ballistic vs diffusive credit',
    look: 'Compare the PC and PC-ALM rows of the credit heatmaps: with theory overlays on, the dashed lines are the predicted fronts.',
  },
  {
    preset: 'annulus',
    group: 'The eigenvalue annulus',
    look: 'Drag the dual rate η_λ in the settings and watch the eigenvalues slide along their circles inside the ring.',
  },
  {
    preset: 'inflection-0.5',
    group: 'The BP-cosine inflection',
    look: 'In the cosine plot, the PC-ALM curve turns up near the predicted t* (dashed); Next raises η_λ.',
  },
  {
    preset: 'inflection-1',
    group: 'The BP-cosine inflection',
    look: 'A larger η_λ makes the front faster, so the rise of the cosine and t* come earlier.',
  },
  {
    preset: 'inflection-1.5',
    group: 'The BP-cosine inflection',
    look: 'Earlier still; push η_λ towards 2 in the settings and the run becomes unstable (Jury bound, spec §7–8).',
  },
  {
    preset: 'widths',
    group: 'Two routes to BP-aligned credit',
    look: 'Watch the points arrive width by width: PC-ALM’s are near the top from the smallest width on, PC’s climb slowly; click a width to see its cosine over the steps.',
  },
];

/** The stop of a preset, or −1 when the preset (or none) is not on the tour. */
export function stopIndex(preset: PresetId | null): number {
  return preset === null ? -1 : TOUR_STOPS.findIndex((stop) => stop.preset === preset);
}

export interface StopPosition {
  /** 1-based group number and the number of groups. */
  group: number;
  groups: number;
  /** 1-based place inside the group and the group's size (1 for single-stop groups). */
  part: number;
  parts: number;
}

/** Where a stop sits: "stop 4 of 4, part 2 of 3". Out-of-range indices are clamped. */
export function stopPosition(index: number): StopPosition {
  const i = Math.max(0, Math.min(TOUR_STOPS.length - 1, Math.floor(index) || 0));
  const titles = [...new Set(TOUR_STOPS.map((s) => s.group))];
  const title = TOUR_STOPS[i].group;
  const members = TOUR_STOPS.map((s, k) => (s.group === title ? k : -1)).filter((k) => k >= 0);
  return {
    group: titles.indexOf(title) + 1,
    groups: titles.length,
    part: members.indexOf(i) + 1,
    parts: members.length,
  };
}
