/**
 * The guided tour's card: the active stop's preset explanation, where to look, and Back / Next, which
 * apply the neighbouring preset. Shown instead of the preset note while the tour is open (`tour=on`).
 */
import { useEffect, useRef, useState } from 'react';
import { findPreset } from '../../state/presets';
import { store, useApp } from '../../state/store';
import { applyPreset } from '../actions';
import { stopIndex, stopPosition, TOUR_STOPS } from './tour';

/** Opens the tour at the active preset's stop, or at the first stop when the preset is not on it. */
export function startTour(): void {
  if (stopIndex(store.getState().preset) < 0) applyPreset(TOUR_STOPS[0].preset);
  store.setState({ tourOpen: true });
}

export function closeTour(): void {
  store.setState({ tourOpen: false });
}

export function TourCard() {
  const open = useApp((s) => s.tourOpen);
  const index = stopIndex(useApp((s) => s.preset));
  // The last stop seen, so a reset or another preset can return to the tour where it left.
  const [lastIndex, setLastIndex] = useState(0);
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    if (index >= 0) setLastIndex(index);
  }, [index]);
  // Opening the tour brings keyboard focus to the card, so Tab reaches Back / Next at once.
  useEffect(() => {
    if (open) card.current?.focus();
  }, [open]);
  if (!open) return null;

  const stop = index >= 0 ? TOUR_STOPS[index] : null;
  const preset = stop ? findPreset(stop.preset) : undefined;
  const go = (i: number) => applyPreset(TOUR_STOPS[i].preset);
  const position = stopPosition(index >= 0 ? index : lastIndex);
  const last = index === TOUR_STOPS.length - 1;
  return (
    <section
      className="tour-card"
      ref={card}
      tabIndex={-1}
      aria-label="Guided tour"
      data-testid="tour-card"
      data-stop={index}
      onKeyDown={(e) => {
        if (e.key === 'Escape') closeTour();
      }}
    >
      <header>
        <span className="tour-where">
          Guided tour · {position.group} of {position.groups}
          {position.parts > 1 && ` · part ${position.part} of ${position.parts}`}
        </span>
        <button type="button" className="tour-close" aria-label="Close the tour" onClick={closeTour}>
          ×
        </button>
      </header>
      {stop && preset ? (
        <>
          <h2 data-testid="tour-title">{preset.title}</h2>
          <p data-testid="tour-explanation">{preset.explanation}</p>
          <p className="tour-look">
            <strong>Look at:</strong> {stop.look}
          </p>
        </>
      ) : (
        <p data-testid="tour-explanation">
          The settings have left the tour’s presets. Resume to go back to “{TOUR_STOPS[lastIndex].group}”.
        </p>
      )}
      <nav className="tour-buttons" aria-label="Tour steps">
        {stop ? (
          <>
            <button type="button" data-tour="back" disabled={index === 0} onClick={() => go(index - 1)}>
              ← Back
            </button>
            <button type="button" data-tour="next" onClick={() => (last ? closeTour() : go(index + 1))}>
              {last ? 'Finish' : 'Next →'}
            </button>
          </>
        ) : (
          <button type="button" data-tour="resume" onClick={() => go(lastIndex)}>
            Resume the tour
          </button>
        )}
      </nav>
    </section>
  );
}
