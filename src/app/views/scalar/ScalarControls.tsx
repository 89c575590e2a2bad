/**
 * The scalar view's inputs: sliders for w₁, w₂, x and y (native range inputs: arrows, Page Up/Down,
 * Home and End work), the rates taken from the settings column, and the step cursor with Play.
 */
import { format } from 'd3';
import { RangeInput } from '../../../ui/RangeInput';
import type { ScalarInputKey, ScalarInputs, ScalarModel } from './scalarModel';
import { INPUT_RANGE } from './scalarModel';
import type { Playback } from './usePlayback';

const fmt = format('.3~g');

const INPUTS: Array<{ key: ScalarInputKey; label: string; hint: string }> = [
  { key: 'w1', label: 'weight w₁', hint: 'input → hidden weight: h̄ = w₁x' },
  { key: 'w2', label: 'weight w₂', hint: 'hidden → output weight: ŷ = w₂h' },
  { key: 'x', label: 'input x', hint: 'the clamped input h₀ = x' },
  { key: 'y', label: 'target y', hint: 'the target of the loss ℓ = ½(y − ŷ)²' },
];

export function InputSliders(props: {
  inputs: ScalarInputs;
  onChange: (key: ScalarInputKey, value: number) => void;
}) {
  return (
    <fieldset className="scalar-inputs">
      <legend>Network x → h → ŷ</legend>
      {INPUTS.map(({ key, label, hint }) => {
        const id = `scalar-${key}`;
        return (
          <div className="scalar-slider" key={key}>
            <label htmlFor={id} title={hint}>
              {label}
            </label>
            <RangeInput
              id={id}
              data-scalar={key}
              range={INPUT_RANGE}
              value={props.inputs[key]}
              onValue={(value) => props.onChange(key, value)}
            />
            <output htmlFor={id}>{props.inputs[key].toFixed(2)}</output>
          </div>
        );
      })}
    </fieldset>
  );
}

/** Which rates apply and where they come from, with the convergence rate of one PC-ALM step. */
export function RatesLine({ model }: { model: ScalarModel }) {
  const { rates, rho, eigenvalues } = model;
  const complex = eigenvalues.im[0] !== 0;
  const ev = complex
    ? `${fmt(eigenvalues.re[0])} ± ${fmt(Math.abs(eigenvalues.im[0]))}i`
    : `${fmt(eigenvalues.re[0])} and ${fmt(eigenvalues.re[1])}`;
  return (
    <p className="scalar-rates" data-testid="scalar-rates">
      <span title="Set under Inference in the settings column; auto is 1/λ_max(H) = 1/(1 + w₂²) here (spec §9)">
        η_h = {fmt(rates.etaH)}
        {rates.etaHAuto && ' (auto: 1/(1 + w₂²))'}
      </span>
      {' · '}
      <span title="Set under Inference in the settings column; 0 is plain PC">
        η_λ = {fmt(rates.etaLambda)}
      </span>
      {' · '}
      <span title="Set under Inference in the settings column; auto runs until PC-ALM is within 10⁻³ of its fixed point, 10 to 100 steps (2L = 4 would stop too early)">
        T = {rates.T}
        {rates.TAuto && ' (auto)'}
      </span>
      {' · '}
      <span title="Eigenvalues of one PC-ALM step (activity, then dual), spec §7 with the readout; below 1 in modulus, inference converges">
        eigenvalues of M: {ev}, ρ = {fmt(rho)}
        {complex && ' (a spiral)'}
      </span>
    </p>
  );
}

export function StepControls({ playback, T }: { playback: Playback; T: number }) {
  return (
    <div className="scalar-steps">
      <button type="button" data-scalar-action="play" onClick={playback.toggle}>
        {playback.playing ? 'Pause' : 'Play'}
      </button>
      <label htmlFor="scalar-step">step t</label>
      <RangeInput
        id="scalar-step"
        data-scalar="step"
        range={{ min: 0, max: T, step: 1 }}
        value={playback.t}
        onValue={playback.setStep}
      />
      <output htmlFor="scalar-step" data-testid="scalar-step">
        {playback.t} / {T}
      </output>
    </div>
  );
}
