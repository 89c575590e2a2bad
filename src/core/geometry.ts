/** Plain geometry shared by the figures: a rectangle in CSS pixels, origin at the top left. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
