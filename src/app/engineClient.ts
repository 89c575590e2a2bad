/**
 * Main-thread side of the engine worker: starts it, forwards its messages into the store, and if it
 * dies restarts it with the last configuration that ran. The main thread never imports tfjs.
 *
 * A given network and batch (a run file's, or trained weights) stay in use while the settings that
 * define a seeded network (NETWORK_KEYS) keep the values they had when it was given; changing one of
 * them goes back to seeded networks. The store's `imported` says which is running.
 */
import { isLoadingMessage } from '../core/loading';
import type { Batch } from '../engine/batch';
import type { Network } from '../engine/network';
import { METHOD_LABELS } from '../engine/trainMethods';
import { reportLoading } from '../state/loading';
import { type Config, NETWORK_KEYS, SETTINGS } from '../state/schema';
import { type ImportedRun, notify, startRun, store } from '../state/store';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { importedPreview } from './exportImport/runImport';

/** An imported network and batch; `id` names it, so the worker reuses its λ_max while only rates change. */
type Custom = { id: number; network: Network; batch: Batch };
let importCount = 0;

const networkKey = (config: Config) => NETWORK_KEYS.map((key) => String(config[key])).join('|');

export class EngineClient {
  private worker: Worker | null = null;
  private runId = 0;
  private lastGood: { config: Config; custom?: Custom } | null = null;
  private requested: { config: Config; custom?: Custom } | null = null;
  /** Where each imported network came from; a network not in here is a seeded one. */
  private readonly sources = new WeakMap<Custom, ImportedRun>();
  private imported: { custom: Custom; key: string; source: ImportedRun } | null = null;

  start(): void {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      // Download reports (data, wasm) travel beside the protocol's messages.
      if (isLoadingMessage(event.data)) reportLoading(event.data);
      else this.receive(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(event.message || 'unknown error');
    };
    this.worker = worker;
    store.setState({ worker: 'starting' });
  }

  private restart(reason: string): void {
    this.worker?.terminate();
    this.worker = null;
    const again = this.lastGood ?? this.requested;
    notify(
      'error',
      `The engine worker stopped (${reason}). Restarting it with the last configuration that ran.`,
      'worker',
    );
    store.setState({ worker: 'restarting' });
    this.start();
    if (again) this.run(again.config, again.custom);
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Runs a configuration: on the imported network while its settings are unchanged, else a seeded one. */
  configure(config: Config): void {
    const imported = this.imported;
    if (imported && networkKey(config) !== imported.key) {
      const changed = NETWORK_KEYS.filter((key, i) => String(config[key]) !== imported.key.split('|')[i]);
      notify(
        'info',
        `${changed.map((key) => SETTINGS[key].label).join(', ')} changed: back to a seeded network and batch ` +
          `(${imported.source.name} is closed).`,
        'import',
      );
    }
    this.run(config, imported && networkKey(config) === imported.key ? imported.custom : undefined);
  }

  /** Runs a given network and batch (a run file, trained weights) with `config`, whose sizes match them. */
  importRun(config: Config, given: Omit<Custom, 'id'>, source: ImportedRun): void {
    const custom = { ...given, id: ++importCount };
    this.sources.set(custom, source);
    this.run(config, custom);
  }

  /** Leaves an imported network: the same settings, on the seeded network. */
  closeImported(): void {
    this.run(store.getState().config);
  }

  private run(config: Config, custom?: Custom): void {
    const source = custom ? this.sources.get(custom) : undefined;
    this.imported = custom && source ? { custom, key: networkKey(config), source } : null;
    if (store.getState().imported !== (source ?? null)) store.setState({ imported: source ?? null });
    this.requested = { config, custom };
    this.runId += 1;
    this.send({ type: 'configure', runId: this.runId, config, custom });
    const { autoplay, speed } = store.getState();
    if (autoplay) {
      store.setState({ playing: true });
      this.send({ type: 'play', stepsPerSecond: speed });
    }
  }

  play(stepsPerSecond: number | null): void {
    this.send({ type: 'play', stepsPerSecond });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  step(count = 1): void {
    this.send({ type: 'step', count });
  }

  advanceTo(t: number): void {
    this.send({ type: 'advanceTo', t });
  }

  /** Test hook: kill the worker to exercise the restart path. */
  crash(): void {
    this.send({ type: 'crash' });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'backend': {
        store.setState({ backend: message.report });
        const { requested, active, reason } = message.report;
        if (requested !== 'auto' && requested !== active) notify('warning', `Backend: ${reason}`, 'backend');
        return;
      }
      case 'configured': {
        if (message.info.runId !== this.runId) return;
        this.lastGood = this.requested;
        store.setState({ worker: 'running' });
        const custom = this.requested?.custom;
        const { info } = message;
        startRun(
          custom ? { ...info, preview: importedPreview(info.preview, info.config, custom.batch) } : info,
        );
        for (const note of message.info.notes) notify('warning', note, 'data');
        return;
      }
      case 'metrics': {
        const run = store.getState().run;
        if (!run || message.runId !== run.info.runId) return;
        for (const method of ['pcalm', 'pc'] as const) {
          if (message.packed[method].length > 0)
            run.buffers[method].write(message.fromT, message.packed[method]);
        }
        store.setState({ run: { ...run, version: run.version + 1 } });
        return;
      }
      case 'progress':
        if (message.runId === this.runId)
          store.setState({ playing: message.playing, stepsPerSec: message.stepsPerSec });
        return;
      case 'diverged': {
        const run = store.getState().run;
        if (!run || message.runId !== run.info.runId) return;
        store.setState({
          run: { ...run, divergence: { ...run.divergence, [message.method]: message.divergence } },
        });
        const name = METHOD_LABELS[message.method];
        notify(
          'warning',
          `${name} ${message.divergence.message}. The run stopped there.`,
          `diverged-${message.method}`,
        );
        return;
      }
      case 'error':
        notify('error', `Engine: ${message.message}`, 'engine');
        if (message.runId === this.runId && this.lastGood && this.requested !== this.lastGood) {
          // The new configuration failed to start: go back to the one that ran, so nothing is lost.
          const good = this.lastGood;
          store.setState({ config: good.config });
          this.run(good.config, good.custom);
        }
        return;
    }
  }
}

export const engine = new EngineClient();
