/**
 * Main-thread side of the engine worker: starts it, forwards its messages into the store, and if it
 * dies restarts it with the last configuration that ran. The main thread never imports tfjs.
 *
 * A given network and batch (a run file's, or trained weights) stay in use while the settings that
 * define a seeded network (NETWORK_CONFIG_KEYS) keep the values they had when it was given; changing one of
 * them goes back to seeded networks. The store's `imported` says which is running.
 */
import type { Batch } from '../core/batch';
import { changedNetworkKeys, networkKey } from '../core/engineConfig';
import type { FromWorker, RunInfo, ToWorker } from '../core/engineProtocol';
import { METHOD_LABELS, METHODS } from '../core/methods';
import type { Network } from '../core/network';
import type { FromWorkerSweep, ToWorkerSweep } from '../core/sweepProtocol';
import { type Config, engineConfig, SETTINGS } from '../state/schema';
import { type ImportedRun, notify, startRun, store } from '../state/store';
import { importedPreview } from './exportImport/runImport';
import { WorkerChannel } from './workerChannel';

/** The width sweep's side of this worker (sweepClient.ts): its messages, and news of a restart. */
export interface SweepListener {
  receive: (message: FromWorkerSweep) => void;
  /** The worker was restarted: whatever sweep ran in it is gone. */
  restarted: () => void;
}

/** An imported network and batch; `id` names it, so the worker reuses its λ_max while only rates change. */
type Custom = { id: number; network: Network; batch: Batch };
let importCount = 0;

export class EngineClient {
  private readonly channel = new WorkerChannel<ToWorker, FromWorker>({
    create: () => new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' }),
    receive: (message) => this.receive(message),
    onCrash: (reason) => this.restart(reason),
  });
  private runId = 0;
  /** The network and batch of the last RunInfo that carried them (see ConfiguredInfo). */
  private lastNetworkAndBatch: { network: Network; batch: Batch } | null = null;
  private lastGood: { config: Config; custom?: Custom } | null = null;
  private requested: { config: Config; custom?: Custom } | null = null;
  /** Where each imported network came from; a network not in here is a seeded one. */
  private readonly sources = new WeakMap<Custom, ImportedRun>();
  private imported: { custom: Custom; config: Config; source: ImportedRun } | null = null;
  private sweepListener: SweepListener | null = null;

  start(): void {
    this.channel.start();
    store.setState({ worker: 'starting' });
  }

  private restart(reason: string): void {
    const again = this.lastGood ?? this.requested;
    notify(
      'error',
      `The engine worker stopped (${reason}). Restarting it with the last configuration that ran.`,
      'worker',
    );
    store.setState({ worker: 'restarting' });
    this.channel.start();
    if (again) this.run(again.config, again.custom);
    this.sweepListener?.restarted();
  }

  /** The width sweep runs in this worker too, on the same backend (sweepClient.ts). */
  listenToSweeps(listener: SweepListener): void {
    this.sweepListener = listener;
  }

  sendSweep(message: ToWorkerSweep): void {
    this.send(message);
  }

  private send(message: ToWorker): void {
    this.channel.send(message);
  }

  /** Runs a configuration: on the imported network while its settings are unchanged, else a seeded one. */
  configure(config: Config): void {
    const imported = this.imported;
    if (imported && networkKey(config) !== networkKey(imported.config)) {
      const changed = changedNetworkKeys(config, imported.config);
      notify(
        'info',
        `${changed.map((key) => SETTINGS[key].label).join(', ')} changed: back to a seeded network and batch ` +
          `(${imported.source.name} is closed).`,
        'import',
      );
    }
    this.run(
      config,
      imported && networkKey(config) === networkKey(imported.config) ? imported.custom : undefined,
    );
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
    this.imported = custom && source ? { custom, config, source } : null;
    if (store.getState().imported !== (source ?? null)) store.setState({ imported: source ?? null });
    this.requested = { config, custom };
    this.runId += 1;
    this.send({ type: 'configure', runId: this.runId, config: engineConfig(config), custom });
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
      case 'sweepStarted':
      case 'sweepProgress':
      case 'sweepPoint':
      case 'sweepDone':
        this.sweepListener?.receive(message);
        return;
      case 'backend': {
        store.setState({ backend: message.report });
        const { requested, active, reason, attempts } = message.report;
        if (requested !== 'auto' && requested !== active) notify('warning', `Backend: ${reason}`, 'backend');
        // auto ends on cpu only when every faster backend failed to start (a .wasm that did not load):
        // name those failures, not the probes' skips, which the status line's tooltip keeps.
        else if (requested === 'auto' && active === 'cpu') {
          const failed = attempts
            .filter((a) => !a.ok && a.detail.startsWith('starting '))
            .map((a) => a.detail);
          notify(
            'warning',
            `Backend: running on plain JavaScript (cpu), many times slower: ${failed.join('; ') || reason}`,
            'backend',
          );
        }
        return;
      }
      case 'configured': {
        // Kept even from a superseded run: the next RunInfo may leave them out as unchanged.
        if (message.info.networkAndBatch) this.lastNetworkAndBatch = message.info.networkAndBatch;
        if (message.info.runId !== this.runId || !this.lastNetworkAndBatch) return;
        this.lastGood = this.requested;
        store.setState({ worker: 'running' });
        const requested = this.requested;
        if (!requested) return;
        const { custom, config } = requested;
        const { networkAndBatch, ...rest } = message.info;
        const info: RunInfo = { ...rest, ...this.lastNetworkAndBatch };
        startRun(
          custom ? { ...info, preview: importedPreview(info.preview, config, custom.batch) } : info,
          config,
        );
        for (const note of message.info.notes) notify('warning', note, 'data');
        return;
      }
      case 'metrics': {
        const run = store.getState().run;
        if (!run || message.runId !== run.info.runId) return;
        for (const method of METHODS) {
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
