/**
 * What to train and the transport of a training run: methods, epochs, η0 and the evaluation interval
 * (the network and data are the settings column's), then Start / Pause / Resume / Stop.
 */
import { useState } from 'react';
import { adamLearningRate, METHOD_LABELS, TRAIN_METHODS } from '../../../core/methods';
import { resolvedBudget, SETTINGS } from '../../../state/schema';
import { allowedText } from '../../../state/settingKinds';
import { store, useApp } from '../../../state/store';
import { toggleMethod, useTraining } from '../../../state/training';
import { commitSettingText } from '../../actions';
import { ensureFullData, useFullData } from '../../fullData';
import { training } from '../../trainingClient';
import { DataDownload } from './DataDownload';

type TrainingKey = 'epochs' | 'lr0' | 'evalEvery';

function NumberField({ settingKey }: { settingKey: TrainingKey }) {
  const value = useApp((s) => s.config[settingKey]);
  const [draft, setDraft] = useState<string | null>(null);
  const setting = SETTINGS[settingKey];
  const id = `train-${settingKey}`;
  const commit = (text: string) => {
    setDraft(null);
    commitSettingText(settingKey, text);
  };
  return (
    <div className="control">
      <label htmlFor={id} title={`${setting.description} (${allowedText(setting)})`}>
        {setting.label}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        data-param={settingKey}
        value={draft ?? String(value)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    </div>
  );
}

export function TrainingControls() {
  const config = useApp((s) => s.config);
  const selected = useTraining((s) => s.selected);
  const status = useTraining((s) => s.status);
  const active =
    status === 'running' || status === 'paused' || status === 'starting' || status === 'finishing';
  // The full splits download first (progress, cancel, retry: DataDownload); then training starts.
  const dataName = config.data === 'synthetic' ? null : config.data;
  const downloading = useFullData(dataName ?? 'mnist').state === 'loading' && dataName !== null;
  const start = () => {
    const chosen = { ...store.getState().config };
    if (chosen.data === 'synthetic') training.start(chosen, selected);
    else void ensureFullData(chosen.data).then((ok) => ok && training.start(chosen, selected));
  };
  const lr = adamLearningRate(config.lr0, config.width, config.depth);
  return (
    <section className="panel training-controls" aria-label="Training settings">
      <fieldset className="training-methods">
        <legend className="visually-hidden">Methods</legend>
        {TRAIN_METHODS.map((m) => (
          <label key={m} className={`method-toggle method-${m}`}>
            <input
              type="checkbox"
              data-method={m}
              checked={selected.includes(m)}
              disabled={active}
              onChange={() => toggleMethod(m)}
            />
            {METHOD_LABELS[m]}
          </label>
        ))}
      </fieldset>
      <div className="training-fields">
        <NumberField settingKey="epochs" />
        <NumberField settingKey="lr0" />
        <NumberField settingKey="evalEvery" />
      </div>
      <div className="training-buttons">
        <button
          type="button"
          data-action="train-start"
          onClick={start}
          disabled={active || downloading || selected.length === 0}
        >
          {status === 'idle' ? 'Start training' : 'Train again'}
        </button>
        {status === 'paused' ? (
          <button type="button" data-action="train-resume" onClick={() => training.resume()}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            data-action="train-pause"
            onClick={() => training.pause()}
            disabled={status !== 'running'}
          >
            Pause
          </button>
        )}
        <button type="button" data-action="train-stop" onClick={() => training.stop()} disabled={!active}>
          Stop
        </button>
      </div>
      {dataName && <DataDownload name={dataName} retry={start} />}
      <p className="training-note">
        {config.data === 'synthetic'
          ? 'Synthetic data'
          : config.data === 'fashion'
            ? 'Fashion-MNIST'
            : 'MNIST'}
        , N = {config.width}, L = {config.depth}, {config.act}, batch {config.batch}, T ={' '}
        {resolvedBudget(config)}, η_h {config.etaH}, η_λ = {config.etaLambda}; Adam at η0·√(N/L) ={' '}
        {lr.toPrecision(3)}. Network and data come from the Settings; every method starts from the same
        weights (seed {config.seed}) and sees the same batches.
      </p>
    </section>
  );
}
