/**
 * What the plan panels share: the station whose plan is open, whether the readiness board is
 * open, what the map's station marks show, and a counter that tells boards a plan was saved here.
 */
class PlansState {
  /** The polling station whose plan editor is open. */
  stationId = $state.raw<number | null>(null);
  boardOpen = $state.raw(false);
  /** Bumped on every save or restore in this browser, so open boards ask again at once. */
  saves = $state.raw(0);

  open(stationId: number) {
    this.stationId = stationId;
  }
}

export const plans = new PlansState();
