/**
 * A board that asks again on every live change keeps only the newest answer: each ask aborts the
 * one before, so an older answer never lands after a newer one.
 */
export class LatestAsk<T> {
  private current: AbortController | null = null;

  constructor(
    private ask: (signal: AbortSignal) => Promise<T>,
    private answer: (value: T) => void,
    private failed: (message: string) => void,
  ) {}

  /** Resolves once this ask is answered, failed or overtaken. */
  async run(): Promise<void> {
    this.current?.abort();
    const mine = (this.current = new AbortController());
    try {
      const value = await this.ask(mine.signal);
      if (!mine.signal.aborted) this.answer(value);
    } catch (e) {
      if (!mine.signal.aborted) this.failed(e instanceof Error ? e.message : String(e));
    }
  }

  cancel() {
    this.current?.abort();
  }
}
