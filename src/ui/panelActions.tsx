/**
 * What a figure may ask the page to do. Panels sit below the app, so they do not import its actions:
 * the app provides these once (App.tsx) and every panel reads them with usePanelActions. Tests and
 * stand-alone renders get the inert default.
 */
import { createContext, useContext } from 'react';
import type { Config } from '../state/schema';

export interface PanelActions {
  /** Show step t (clamped to the steps computed), pausing playback. */
  seek(t: number): void;
  /** Change one setting as the controls would (may restart the run). */
  setSetting<K extends keyof Config>(key: K, value: Config[K]): void;
}

const INERT: PanelActions = {
  seek: () => {},
  setSetting: () => {},
};

const PanelActionsContext = createContext<PanelActions>(INERT);

export const PanelActionsProvider = PanelActionsContext.Provider;

export function usePanelActions(): PanelActions {
  return useContext(PanelActionsContext);
}
