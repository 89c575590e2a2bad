/** Play / pause / step / reset, speed, and the timeline over steps already computed. */
import { SPEEDS, type Speed } from '../state/linkSettings';
import { computedSteps, shownStep, useApp } from '../state/store';
import { pause, play, reset, seek, setSpeed, stepOnce } from './actions';

const speedLabel = (s: Speed) => (s === null ? 'max' : `${s} steps/s`);

export function Transport() {
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const T = useApp((s) => s.run?.info.T ?? 0);
  const computed = useApp((s) => computedSteps(s.run));
  const shown = useApp(shownStep);
  return (
    <div className="transport" role="toolbar" aria-label="Playback">
      <button
        type="button"
        data-action="play"
        onClick={() => (playing ? pause() : play())}
        aria-keyshortcuts="Space"
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" data-action="step" onClick={stepOnce} aria-keyshortcuts="ArrowRight">
        Step
      </button>
      <button type="button" data-action="reset" onClick={reset}>
        Reset
      </button>
      <label className="speed">
        Speed
        <select
          data-param="speed"
          value={String(speed)}
          onChange={(e) => setSpeed(e.target.value === 'null' ? null : Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={String(s)} value={String(s)}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="timeline">
        <span className="visually-hidden">Step</span>
        <input
          type="range"
          data-param="step"
          min={0}
          max={Math.max(T, 1)}
          value={shown}
          onChange={(e) => seek(Number(e.target.value))}
          style={
            { '--computed': `${(100 * Math.max(computed - 1, 0)) / Math.max(T, 1)}%` } as React.CSSProperties
          }
        />
      </label>
      <span className="step-readout" data-testid="step-readout">
        step {shown} / {T}
      </span>
    </div>
  );
}
