/**
 * What both workers (inference and training) hold the same way: the tfjs backend, started once per
 * choice and reported, and the data sets, fetched once and kept. A failed load is reported and
 * forgotten, so the next configuration tries again.
 */
import type { DataSet } from '../data/format';
import { type BackendChoice, type BackendOptions, type BackendReport, initBackend } from '../engine/backend';

export type DataName = 'fashion' | 'mnist';

export class WorkerResources {
  private report: BackendReport | null = null;
  private choice: BackendChoice | null = null;
  private readonly dataCache = new Map<DataName, Promise<DataSet>>();

  constructor(
    private readonly options: BackendOptions,
    private readonly loadData: (name: DataName) => Promise<DataSet>,
  ) {}

  get backend(): BackendReport | null {
    return this.report;
  }

  /** Starts `choice` unless it already runs; `beforeSwitch` releases tensors of the old backend. */
  async ensureBackend(
    choice: BackendChoice,
    beforeSwitch: () => void,
  ): Promise<{ report: BackendReport; changed: boolean }> {
    if (this.report && this.choice === choice) return { report: this.report, changed: false };
    beforeSwitch();
    this.report = await initBackend(choice, this.options);
    this.choice = choice;
    return { report: this.report, changed: true };
  }

  /**
   * Starts loading a data set now (it is kept for `data`): the download then runs while the backend
   * starts instead of after it. A failure is reported by the `data` call that waits for it.
   */
  prefetch(name: DataName): Promise<DataSet> {
    let pending = this.dataCache.get(name);
    if (!pending) {
      pending = this.loadData(name);
      // Nobody may be waiting yet: the rejection is handled (and reported) by `data`.
      pending.catch(() => undefined);
      this.dataCache.set(name, pending);
    }
    return pending;
  }

  /** The data set, or null with the reason appended to `notes` (`fallback` says what is used instead). */
  async data(name: DataName, notes: string[], fallback: string): Promise<DataSet | null> {
    const pending = this.prefetch(name);
    try {
      return await pending;
    } catch (error) {
      this.dataCache.delete(name);
      notes.push(`${error instanceof Error ? error.message : String(error)} ${fallback}`);
      return null;
    }
  }
}
