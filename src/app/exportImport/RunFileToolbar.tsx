/**
 * The header's run-file tools: export the run on screen (JSON run file, metrics CSV) and open a run
 * file with a file picker (the keyboard's way; dropping a file anywhere on the page does the same).
 */
import { useRef } from 'react';
import { useApp } from '../../state/store';
import { Menu } from '../../ui/Menu';
import { exportMetricsCsv, exportRunFile, openRunFile } from './runFileActions';

/** The Export run menu's items, in order: each closes the menu and saves the run on screen. */
const RUN_EXPORTS = [
  { format: 'json', label: 'Run file (JSON)', save: exportRunFile },
  { format: 'csv', label: 'Metrics (CSV)', save: exportMetricsCsv },
];

export function RunFileToolbar() {
  const picker = useRef<HTMLInputElement>(null);
  const hasRun = useApp((s) => s.run !== null);
  return (
    <div className="run-file-toolbar" role="toolbar" aria-label="Run file">
      <Menu label="Export run" testId="export-run">
        {(close) =>
          RUN_EXPORTS.map(({ format, label, save }) => (
            <button
              key={format}
              type="button"
              data-export={format}
              disabled={!hasRun}
              onClick={() => {
                close();
                save();
              }}
            >
              {label}
            </button>
          ))
        }
      </Menu>
      <button
        type="button"
        data-action="open-run-file"
        title="Open a run file (JSON) to inspect its network and batch; you can also drop it on the page"
        onClick={() => picker.current?.click()}
      >
        Open run…
      </button>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="run-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that picking the same file again still counts as a change.
          e.target.value = '';
          if (file) void openRunFile(file);
        }}
      />
    </div>
  );
}
