/**
 * The width sweep's own controls (link keys sweepMax, sweepWidth), Cancel / Continue, and the progress
 * line. Depth, budget, data, activation and rates come from the settings column, as in the explorer.
 */
import { METHOD_LABELS } from '../../../core/methods';
import { LINK_SETTINGS, type SweepWidth } from '../../../state/linkSettings';
import { resolvedBudget } from '../../../state/schema';
import { useApp } from '../../../state/store';
import { missingWidths, useSweep } from '../../../state/sweep';
import { PageSettingSelect } from '../../../ui/PageSettingSelect';
import { setSweepChoice } from '../../actions';
import { sweepClient } from '../../sweepClient';
import { progressText } from './sweepText';

export function SweepControls({ shown }: { shown: number }) {
  const choice = useApp((s) => s.sweep);
  const config = useApp((s) => s.config);
  const sweep = useSweep((s) => s);
  const active = sweep.status === 'running' || sweep.status === 'waiting';
  const resumable =
    (sweep.status === 'cancelled' || sweep.status === 'paused' || sweep.status === 'failed') &&
    missingWidths(sweep).length > 0;
  const finished = sweep.widths.filter((w) => sweep.points[w] !== undefined).length;
  const fraction = sweep.widths.length > 0 ? finished / sweep.widths.length : 0;
  const { sweepMax, sweepWidth } = LINK_SETTINGS;
  return (
    <section className="panel widths-controls" aria-label="Width sweep settings">
      <div className="widths-fields">
        <PageSettingSelect
          setting={sweepMax}
          value={choice.sweepMax}
          onChange={(w) => setSweepChoice('sweepMax', w)}
        />
        <PageSettingSelect
          setting={sweepWidth}
          value={String(shown) as SweepWidth}
          options={sweep.widths.map((w) => String(w) as SweepWidth)}
          onChange={(w) => setSweepChoice('sweepWidth', w)}
        />
        <div className="training-buttons">
          {[
            { action: 'sweep-cancel', label: 'Cancel', run: () => sweepClient.cancel(), enabled: active },
            {
              action: 'sweep-continue',
              label: 'Continue',
              run: () => sweepClient.resume(),
              enabled: resumable,
            },
          ].map((b) => (
            <button key={b.action} type="button" data-action={b.action} onClick={b.run} disabled={!b.enabled}>
              {b.label}
            </button>
          ))}
        </div>
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Widths done"
        aria-valuemin={0}
        aria-valuemax={sweep.widths.length}
        aria-valuenow={finished}
      >
        <div className="progress-fill" style={{ width: `${(100 * fraction).toFixed(2)}%` }} />
      </div>
      <p
        className="widths-progress"
        data-testid="sweep-progress"
        data-status={sweep.status}
        aria-live="polite"
      >
        {progressText(sweep)}
      </p>
      <p className="training-note">
        Each point is the explorer’s run at that width, inference only: the same seeded network and batch (
        {config.data}, {config.arch}, {config.act}, {config.param}, seed {config.seed}, batch {config.batch}),
        depth L = {config.depth}, T = {resolvedBudget(config)}, η_h {config.etaH}, η_λ = {config.etaLambda}{' '}
        for {METHOD_LABELS.pcalm} and 0 for {METHOD_LABELS.pc}. Those come from the Settings; a change
        restarts the sweep.
      </p>
    </section>
  );
}
