/**
 * Imperative redraws driven by the store, outside React: a figure whose data arrive up to ~60 times a
 * second repaints its canvas or path attributes once per animation frame per burst of store updates,
 * without re-rendering its React tree. Call it from a useEffect (after commit, when refs are set) and
 * return what it returns as the cleanup.
 */
import { shallow } from 'zustand/shallow';
import { type AppState, store } from '../../state/store';

/** What may change a figure's picture: new steps or a new run (`run`), and the shown step (`viewT`). */
const pictureInputs = (s: AppState) => [s.run, s.viewT] as const;

/**
 * Calls `draw` on the next frame and again after every change of the run or the shown step,
 * coalesced to one call per animation frame. Returns the unsubscribe function.
 */
export function drawOnStoreFrames(draw: (state: AppState) => void): () => void {
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
  const unsubscribe = store.subscribe(pictureInputs, schedule, { equalityFn: shallow });
  return () => {
    unsubscribe();
    cancelAnimationFrame(frame);
  };
}
