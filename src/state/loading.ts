/**
 * What is downloading right now (data, the WebAssembly engine, formulas), for the page to say what
 * and how much. A small store of its own, kept apart from the explorer's so progress never re-renders
 * the panels' figures; finished loads leave it.
 */
import { createStore, useStore } from 'zustand';
import type { LoadingMessage } from '../core/loading';

export type Load = Omit<LoadingMessage, 'type'>;

export const loadingStore = createStore<{ loads: Record<string, Load> }>(() => ({ loads: {} }));

/** Records a report; a finished load is removed (a failed one stays until it is retried). */
export function reportLoading(message: LoadingMessage): void {
  const { type: _type, ...load } = message;
  loadingStore.setState(({ loads }) => {
    const next = { ...loads };
    if (load.state === 'done') delete next[load.id];
    else next[load.id] = load;
    return { loads: next };
  });
}

export function useLoads(): Load[] {
  const loads = useStore(loadingStore, (s) => s.loads);
  return Object.values(loads);
}
