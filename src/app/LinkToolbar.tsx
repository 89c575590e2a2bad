/** Sharing a view: copy its link, go back to the defaults, or pick a preset. */
import { useState } from 'react';
import { notify } from '../state/store';
import { resetToDefaults } from './actions';
import { PresetsMenu } from './Presets';
import { currentLink } from './urlSync';
import './linkToolbar.css';

export function LinkToolbar() {
  // Shown when the clipboard is unavailable (plain http on a classroom network, or refused).
  const [manualCopy, setManualCopy] = useState<string | null>(null);

  const copy = async () => {
    const link = currentLink();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setManualCopy(null);
      notify('info', 'Link copied: it opens this exact view.', 'copy-link');
    } catch {
      setManualCopy(link);
    }
  };

  return (
    <div className="link-toolbar" role="toolbar" aria-label="Link">
      <PresetsMenu />
      <button type="button" data-action="copy-link" onClick={copy}>
        Copy link
      </button>
      <button type="button" data-action="reset-defaults" onClick={resetToDefaults}>
        Reset to defaults
      </button>
      {manualCopy !== null && (
        <span className="manual-copy">
          <input
            readOnly
            value={manualCopy}
            aria-label="Link to this view: copy it with Ctrl+C"
            data-testid="link-field"
            ref={(field) => field?.select()}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" aria-label="Close the link field" onClick={() => setManualCopy(null)}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}
