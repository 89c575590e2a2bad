/** Header controls of the teaching layer: start the guided tour, and the theory-overlay switch. */
import { store, useApp } from '../../state/store';
import { closeTour, startTour } from './TourCard';
import '../../ui/explain/explain.css';

export function TeachingToolbar() {
  const overlays = useApp((s) => s.overlays);
  const tourOpen = useApp((s) => s.tourOpen);
  // Classroom mode: a link that hides the toolbar (and so the presets) hides the tour's button too.
  const canTour = useApp((s) => !s.hidden.includes('toolbar'));
  return (
    <div className="teaching-toolbar">
      {canTour && (
        <button
          type="button"
          data-action="tour"
          aria-pressed={tourOpen}
          title="A guided walk through five of the paper’s figures, one preset at a time"
          onClick={() => (tourOpen ? closeTour() : startTour())}
        >
          Tour
        </button>
      )}
      <label title="Draw what the theory predicts over the measurements: the credit fronts on the heatmaps, t* on the cosine plot, the annulus and the mode circles on the eigenvalues">
        <input
          type="checkbox"
          data-control="overlays"
          checked={overlays}
          onChange={(e) => store.setState({ overlays: e.target.checked })}
        />{' '}
        Theory overlays
      </label>
    </div>
  );
}
