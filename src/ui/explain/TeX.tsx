/**
 * One typeset formula. KaTeX builds DOM nodes into the ref'd element (katex.render), so no markup is
 * ever inserted as a string; until it has loaded, or if it fails, the TeX source shows as plain text.
 */
import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';

type Render = typeof import('./katexLoader').render;
export type TypesetterState = 'idle' | 'loading' | 'ready' | 'failed';

let loading: Promise<Render> | null = null;
// Whether KaTeX has loaded, for the explanations to say so while it does (src/app/explain/Explain.tsx).
let typesetter: TypesetterState = 'idle';
const listeners = new Set<() => void>();
const setTypesetter = (next: TypesetterState) => {
  typesetter = next;
  for (const listener of listeners) listener();
};

export function useTypesetter(): TypesetterState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => typesetter,
  );
}

function loadRenderer(): Promise<Render> {
  if (!loading) {
    setTypesetter('loading');
    loading = import('./katexLoader').then((m) => {
      setTypesetter('ready');
      return m.render;
    });
    loading.catch(() => setTypesetter('failed'));
  }
  return loading;
}

export function TeX({ tex, display = false }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    let current = true;
    element.textContent = tex;
    loadRenderer()
      .then((render) => {
        if (!current) return;
        try {
          // trust stays false (the default): \href, \url and friends are refused.
          render(tex, element, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
          element.dataset.typeset = 'true';
        } catch {
          element.textContent = tex;
        }
      })
      .catch(() => {
        // Offline without the chunk, or a failed load: the source text stays.
        loading = null;
      });
    return () => {
      current = false;
    };
  }, [tex, display]);
  return <span ref={ref} className={display ? 'tex tex-display' : 'tex'} />;
}
