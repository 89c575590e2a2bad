/**
 * One typeset formula. KaTeX builds DOM nodes into the ref'd element (katex.render), so no markup is
 * ever inserted as a string; until it has loaded, or if it fails, the TeX source shows as plain text.
 */
import { useLayoutEffect, useRef } from 'react';

type Render = typeof import('./katexLoader').render;

let loading: Promise<Render> | null = null;

function loadRenderer(): Promise<Render> {
  loading ??= import('./katexLoader').then((m) => m.render);
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
