// polylabel ships no types; only its default export is declared.
declare module 'polylabel' {
  /** The pole of inaccessibility of a polygon's rings, to `precision` in their units; `distance` is its distance to the outline. */
  export default function polylabel(rings: number[][][], precision?: number): number[] & { distance: number };
}
