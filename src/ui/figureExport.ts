/** "Export figure": a panel of the page as an SVG or PNG file named after the panel and the shown step. */

import { notify, shownStep, store } from '../state/store';
import { downloadBlob, kebabCase } from './download';
import { figureSvg, pngScale, serializeSvg, svgToPng } from './exportFigure';

export type FigureFormat = 'png' | 'svg';

export async function exportPanelFigure(panel: HTMLElement, format: FigureFormat): Promise<void> {
  const id = panel.dataset.panel ?? 'figure';
  const title = panel.querySelector('h2')?.textContent?.trim() || id;
  const state = store.getState();
  const name = `pcalm-${kebabCase(id)}${state.run ? `-step${shownStep(state)}` : ''}`;
  try {
    const svg = figureSvg(panel, title);
    const text = serializeSvg(svg);
    if (format === 'svg') {
      downloadBlob(new Blob([text], { type: 'image/svg+xml' }), `${name}.svg`);
    } else {
      const width = Number(svg.getAttribute('width'));
      const height = Number(svg.getAttribute('height'));
      downloadBlob(await svgToPng(text, width, height, pngScale()), `${name}.png`);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    notify(
      'error',
      `Could not export the figure “${title}” as ${format.toUpperCase()}: ${reason}.`,
      'export',
    );
  }
}
