/**
 * KaTeX and its stylesheet, loaded together on first use: formulas appear only when an explanation is
 * opened, so the ~300 kB stay out of the first load. Vite bundles the fonts, so it works offline.
 */
import 'katex/dist/katex.min.css';

export { render } from 'katex';
