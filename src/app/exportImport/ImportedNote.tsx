/** Says when the panels show a given network and batch (a run file, trained weights) and how to leave it. */
import { NETWORK_KEYS, SETTINGS } from '../../state/schema';
import { useApp } from '../../state/store';
import { engine } from '../engineClient';
import './exportImport.css';

const SETTING_NAMES = NETWORK_KEYS.map((key) => SETTINGS[key].label.replace(/ [A-Z]$/, '')).join(', ');

export function ImportedNote() {
  const imported = useApp((s) => s.imported);
  if (!imported) return null;
  return (
    <div className="page-note imported-note" role="status" data-testid="imported-note">
      <p>
        <strong>Running a given network and batch: {imported.name}.</strong> They stay while you change rates,
        budget or method; changing {SETTING_NAMES} goes back to a seeded network.
      </p>
      <button type="button" data-action="close-imported" onClick={() => engine.closeImported()}>
        Use the seeded network
      </button>
    </div>
  );
}
