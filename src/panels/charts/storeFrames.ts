/**
 * Imperative redraws driven by the store, outside React: a figure whose data arrive up to ~60 times a
 * second repaints its canvas or path attributes once per animation frame per burst of store updates,
 * without re-rendering its React tree. Call it from a useEffect (after commit, when refs are set) and
 * return what it returns as the cleanup.
 */
import { type AppState, store } from '../../state/store';

/** Which store changes may change a figure's picture: new steps, a new run, the shown step. */
export function runOrCursorChanged(next: AppState, previous: AppState): boolean {
  return next.run !== previous.run || next.viewT !== previous.viewT;
}

/**
 * Calls `draw` on the next frame and again after every store change that `relevant` accepts,
 * coalesced to one call per animation frame. Returns the unsubscribe function.
 */
export function drawOnStoreFrames(
  draw: (state: AppState) => void,
  relevant: (next: AppState, previous: AppState) => boolean = runOrCursorChanged,
): () => void {
  let frame = 0;
  const schedule = () => {
    if (frame === 0) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw(store.getState());
      });
    }
  };
  schedule();
  const unsubscribe = store.subscribe((next, previous) => {
    if (relevant(next, previous)) schedule();
  });
  return () => {
    unsubscribe();
    cancelAnimationFrame(frame);
  };
}
