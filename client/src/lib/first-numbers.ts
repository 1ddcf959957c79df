/**
 * When the first complete render is done, honestly: not only the map idle, but every number the
 * open panels show at start loaded (the layer counts of the view, the ward list, the crossings
 * list, the commander's chart and summary). Each such panel says at start that its numbers are
 * coming (`expect`) and says when they are on screen, or have failed and say so (`shown`);
 * `allShown` resolves when none is pending. The render benchmark and the end-to-end tests wait on
 * it through the map's `whenComplete`. Panels opened later do not count: only the first render.
 */
const pending = new Set<string>();
let done = false;
let resolve!: () => void;

/** Resolves once every panel that expected numbers has shown them. */
export const allShown = new Promise<void>((r) => (resolve = r));

/** A panel's numbers (named by the panel) are coming. */
export function expectNumbers(name: string): void {
  if (!done) pending.add(name);
}

/** A panel's numbers are on screen (or its failure is). */
export function numbersShown(name: string): void {
  pending.delete(name);
  if (!done && !pending.size) {
    done = true;
    resolve();
  }
}
