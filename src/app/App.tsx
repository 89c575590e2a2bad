/** The page: settings on the left (a drawer on phones and tablets), the figures in a grid, status and transport on top. */
import { useEffect, useState } from 'react';
import { BatchStrip } from '../panels/BatchStrip';
import { CosinePlot } from '../panels/CosinePlot';
import { CreditHeatmaps } from '../panels/CreditHeatmaps';
import { EigenAnnulus } from '../panels/EigenAnnulus';
import { UnitTraces } from '../panels/UnitTraces';
import { useApp } from '../state/store';
import { type PanelActions, PanelActionsProvider } from '../ui/panelActions';
import { seek, setSetting, stepOnce, togglePlay } from './actions';
import { Controls } from './Controls';
import { installDebugHandle } from './debugHandle';
import { engine } from './engineClient';
import { TeachingToolbar } from './explain/TeachingToolbar';
import { TourCard } from './explain/TourCard';
import { ImportedNote } from './exportImport/ImportedNote';
import { RunFileDrop } from './exportImport/RunFileDrop';
import { RunFileToolbar } from './exportImport/RunFileToolbar';
import { LinkToolbar } from './LinkToolbar';
import { Notices } from './Notices';
import { PresetNote } from './Presets';
import { StatusLine } from './StatusLine';
import { spectrumClient } from './spectrumClient';
import { watchStability } from './stability';
import { sweepClient } from './sweepClient';
import { Transport } from './Transport';
import { installTheme } from './theme/theme';
import { startFromUrl } from './urlSync';
import { ScalarView } from './views/ScalarView';
import { TrainingView } from './views/TrainingView';
import { WidthsView } from './views/WidthsView';

/**
 * Space plays / pauses, → steps; both leave form fields (sliders use arrows), buttons, links and
 * menus (Space opens a <summary>) alone.
 */
function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        target?.closest('input, select, textarea, button, summary, a[href]') ||
        e.altKey ||
        e.ctrlKey ||
        e.metaKey
      )
        return;
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

/** What the figures may ask of the page (src/ui/panelActions.tsx). */
const PANEL_ACTIONS: PanelActions = {
  seek,
  setSetting: (key, value) => {
    setSetting(key, value);
  },
};

let started = false;

/**
 * Starts the worker once and runs the link's configuration (defaults when there is none). main.tsx
 * calls it before the first render, so the worker's script, the wasm binary and the data load while
 * React renders, and the first render already shows the link's settings.
 */
export function startEngine(): void {
  if (started) return;
  started = true;
  installDebugHandle();
  installTheme();
  engine.start();
  spectrumClient.start();
  watchStability();
  startFromUrl();
  sweepClient.install();
}

export function App() {
  useKeyboard();
  const view = useApp((s) => s.config.view);
  // Classroom mode (hide= in the link, see schema.ts): what is hidden is not rendered at all.
  const hidden = useApp((s) => s.hidden);
  const tourOpen = useApp((s) => s.tourOpen);
  const shows = (name: string) => !hidden.includes(name);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useEffect(() => {
    if (!settingsOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSettingsOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [settingsOpen]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>PC-ALM Explorer</h1>
        {shows('controls') && (
          <button
            type="button"
            className="settings-toggle"
            aria-controls="settings"
            aria-expanded={settingsOpen}
            onClick={() => setSettingsOpen((open) => !open)}
          >
            ⚙ Settings
          </button>
        )}
        {/* Playback and status belong to the explorer's run; the other views have their own controls. */}
        {view === 'explorer' && <Transport />}
        {shows('toolbar') && <LinkToolbar />}
        <TeachingToolbar />
        <RunFileToolbar />
        {view === 'explorer' && <StatusLine />}
      </header>
      <Notices />
      <ImportedNote />
      <RunFileDrop />
      {/* The tour's card shows the preset's explanation itself. */}
      {tourOpen ? <TourCard /> : <PresetNote />}
      <div className="app-body">
        {shows('controls') && <Controls open={settingsOpen} onClose={() => setSettingsOpen(false)} />}
        {settingsOpen && (
          // A tap outside the drawer closes it (narrow screens only; hidden by CSS on wide ones).
          <div className="drawer-backdrop" aria-hidden="true" onClick={() => setSettingsOpen(false)} />
        )}
        {view === 'training' && <TrainingView />}
        {view === 'scalar' && <ScalarView />}
        {view === 'widths' && <WidthsView />}
        {view === 'explorer' && (
          <PanelActionsProvider value={PANEL_ACTIONS}>
            <main className="figures">
              {shows('panel.heatmaps') && <CreditHeatmaps />}
              {shows('panel.annulus') && <EigenAnnulus />}
              {shows('panel.cosine') && <CosinePlot />}
              {shows('panel.traces') && <UnitTraces />}
              {shows('panel.batch') && <BatchStrip />}
            </main>
          </PanelActionsProvider>
        )}
      </div>
    </div>
  );
}
