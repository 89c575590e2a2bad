/**
 * The page's side of the width sweep (view=widths): while that view is shown it keeps one sweep in the
 * engine worker for the current settings. A change of a setting the sweep depends on cancels the
 * running one and starts a fresh one once the settings rest (a dragged slider restarts it once, not
 * per tick); Cancel stops it and keeps its points; Continue, or coming back to the view, runs only
 * the widths still missing (each width is the same run whenever it is computed).
 */
import type { FromWorkerSweep } from '../core/sweepProtocol';
import { notify, store } from '../state/store';
import { missingWidths, resetSweep, sweepKey, sweepStore } from '../state/sweep';
import { engine } from './engineClient';

/** Settings rest this long before a changed sweep starts. */
const SETTLE_MS = 300;

export class SweepClient {
  private sweepId = 0;
  /** The request in flight in the worker, or null. */
  private running: number | null = null;
  /** Set by the Cancel button, so the sweep's end reads "cancelled" rather than "paused". */
  private cancelledByUser = false;
  /** When the running request started, for the time spent. */
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private installed = false;

  /** Follows the store from now on. Call once, at start. */
  install(): void {
    if (this.installed) return;
    this.installed = true;
    engine.listenToSweeps({
      receive: (message) => this.receive(message),
      restarted: () => this.workerRestarted(),
    });
    store.subscribe(
      (s) => [s.config, s.sweep.sweepMax] as const,
      () => this.sync(),
      { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
    );
    this.sync();
  }

  /** Brings the worker in line with the page: the view shown, its settings, the points there are. */
  private sync(): void {
    const { config, sweep } = store.getState();
    if (config.view !== 'widths') {
      this.clearTimer();
      // Leaving the view pauses the sweep: the explorer (or training) should have the cores.
      if (this.running !== null) this.stop(false);
      return;
    }
    const state = sweepStore.getState();
    const key = sweepKey(config, sweep.sweepMax);
    if (state.key !== key) {
      if (this.running !== null) this.stop(false);
      resetSweep(config, sweep.sweepMax);
      this.schedule();
    } else if (state.status === 'paused' && this.running === null) {
      this.schedule();
    }
  }

  private schedule(): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, SETTLE_MS);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs the widths of the current sweep that have no point yet. */
  private start(): void {
    const { config } = store.getState();
    const widths = missingWidths(sweepStore.getState());
    if (config.view !== 'widths') return;
    if (widths.length === 0) {
      sweepStore.setState({ status: 'done', progress: null });
      return;
    }
    this.sweepId += 1;
    this.running = this.sweepId;
    this.cancelledByUser = false;
    this.startedAt = performance.now();
    sweepStore.setState({ status: 'running', error: null });
    engine.sendSweep({ type: 'sweep', sweepId: this.sweepId, config: { ...config }, widths });
  }

  /** The Cancel button: the points so far stay. */
  cancel(): void {
    this.clearTimer();
    if (this.running !== null) this.stop(true);
    else if (sweepStore.getState().status === 'waiting') sweepStore.setState({ status: 'cancelled' });
  }

  /** The Continue button: the missing widths, on the same settings. */
  resume(): void {
    if (this.running === null) this.start();
  }

  private stop(byUser: boolean): void {
    const id = this.running!;
    this.cancelledByUser = byUser;
    engine.sendSweep({ type: 'cancelSweep', sweepId: id });
    // The worker confirms with sweepDone; the page does not wait for it.
    this.finish(byUser ? 'cancelled' : 'paused');
  }

  private finish(status: 'done' | 'cancelled' | 'paused' | 'failed', error: string | null = null): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.running = null;
    sweepStore.setState((s) => ({ status, error, progress: null, seconds: s.seconds + seconds }));
  }

  private receive(message: FromWorkerSweep): void {
    if (message.sweepId !== this.running) return; // a cancelled or superseded request
    switch (message.type) {
      case 'sweepStarted':
        sweepStore.setState((s) => ({
          backend: message.backend,
          notes: [...new Set([...s.notes, ...message.notes])],
        }));
        return;
      case 'sweepProgress':
        sweepStore.setState({ progress: message });
        return;
      case 'sweepPoint': {
        const { point } = message;
        sweepStore.setState((s) => ({
          points: { ...s.points, [point.width]: point },
          notes: point.status === 'done' ? [...new Set([...s.notes, ...point.notes])] : s.notes,
        }));
        return;
      }
      case 'sweepDone':
        if (message.error) notify('error', `Width sweep: ${message.error}`, 'sweep');
        if (message.error) this.finish('failed', message.error);
        else this.finish(message.cancelled ? (this.cancelledByUser ? 'cancelled' : 'paused') : 'done');
        return;
    }
  }

  /** The worker died and was restarted: the sweep resumes there with its missing widths. */
  private workerRestarted(): void {
    if (this.running === null) return;
    this.finish('paused');
    this.sync();
  }
}

export const sweepClient = new SweepClient();
