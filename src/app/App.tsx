/** The page: controls on the left, the figures in a grid, status and transport on top. */
import { useEffect } from 'react';
import { BatchStrip } from '../panels/BatchStrip';
import { CosinePlot } from '../panels/CosinePlot';
import { CreditHeatmaps } from '../panels/CreditHeatmaps';
import { EigenAnnulus } from '../panels/EigenAnnulus';
import { UnitTraces } from '../panels/UnitTraces';
import { describeMessage, parseQuery } from '../state/query';
import { notify, store } from '../state/store';
import { applyConfig, stepOnce, togglePlay } from './actions';
import { Controls } from './Controls';
import { engine } from './engineClient';
import { Notices } from './Notices';
import { StatusLine } from './StatusLine';
import { Transport } from './Transport';

/** Space plays / pauses, → steps; both leave form fields (sliders use arrows) alone. */
function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, button') || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === ' ') {
        e.preventDefault();
        togglePlay();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        stepOnce();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

let started = false;

/** Starts the worker once and runs the configuration of the URL (defaults when there is none). */
function startEngine(): void {
  if (started) return;
  started = true;
  engine.start();
  const { config, messages } = parseQuery(window.location.search);
  for (const m of messages) notify('warning', describeMessage(m), `url-${m.key}`);
  if (!applyConfig(config)) applyConfig(store.getState().config);
}

export function App() {
  useKeyboard();
  useEffect(startEngine, []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>PC-ALM Explorer</h1>
        <Transport />
        <StatusLine />
      </header>
      <Notices />
      <div className="app-body">
        <Controls />
        <main className="figures">
          <CreditHeatmaps />
          <EigenAnnulus />
          <CosinePlot />
          <UnitTraces />
          <BatchStrip />
        </main>
      </div>
    </div>
  );
}
