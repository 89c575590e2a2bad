/** The "Export" menu in every panel's header: the panel as PNG or SVG. */
import { type MouseEvent, useState } from 'react';
import { exportPanelFigure, type FigureFormat } from './figureExport';
import { Menu } from './Menu';

export function FigureExportMenu({ title }: { title: string }) {
  const [busy, setBusy] = useState(false);
  const save = async (event: MouseEvent<HTMLButtonElement>, format: FigureFormat, close: () => void) => {
    const panel = event.currentTarget.closest<HTMLElement>('[data-panel]');
    close();
    if (!panel || busy) return;
    setBusy(true);
    try {
      await exportPanelFigure(panel, format);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu label={busy ? 'Exporting…' : 'Export'} ariaLabel={`Export figure: ${title}`} align="right">
      {(close) => (
        <>
          <button type="button" data-export="png" onClick={(e) => save(e, 'png', close)}>
            PNG image
          </button>
          <button type="button" data-export="svg" onClick={(e) => save(e, 'svg', close)}>
            SVG image
          </button>
        </>
      )}
    </Menu>
  );
}
