/**
 * The scalar two-layer example (the paper's Fig. 1, spec §1–7 with one unit per layer): sliders for the
 * weights, input and target; h, λ and r over the inference steps; and the plane of weight updates where
 * PC-ALM's arrow turns onto BP's. Computed in float64 on the main thread by src/theory/scalarExample.ts
 * (microseconds), so every slider move redraws at once. η_h, η_λ and T are the settings column's.
 */
import { format } from 'd3';
import { type ReactNode, useMemo } from 'react';
import { METHOD_LABELS, METHODS } from '../../core/methods';
import { Panel } from '../../panels/Panel';
import { store, useApp } from '../../state/store';
import { Explain } from '../../ui/explain/Explain';
import type { ExplanationId } from '../../ui/explain/explanations';
import { PhasePlane } from './scalar/PhasePlane';
import { InputSliders, RatesLine, StepControls } from './scalar/ScalarControls';
import {
  clampInput,
  DEFAULT_INPUTS,
  type ScalarInputKey,
  type ScalarInputs,
  type ScalarModel,
  scalarModel,
  stepIn,
  updateAngle,
} from './scalar/scalarModel';
import { TrajectoryChart } from './scalar/TrajectoryChart';
import { ARROW_LABELS, type ArrowKind, UpdatePlane } from './scalar/UpdatePlane';
import { usePlayback } from './scalar/usePlayback';
import './scalar/scalar.css';

const fmt = format('.3~g');
const cosText = (c: number) => (Number.isFinite(c) ? c.toFixed(3) : 'undefined (no update)');

interface LegendItem {
  key: string;
  label: string;
  hint: string;
  /** An open ring (a fixed point of the phase plane) instead of a line swatch. */
  ring?: boolean;
}

function Legend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="scalar-legend">
      {items.map((item) => (
        <li key={item.key} className={`scalar-key scalar-key-${item.key}`} title={item.hint}>
          <span className={item.ring ? 'scalar-ring' : 'scalar-swatch'} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

const ARROW_HINTS: Record<ArrowKind, string> = {
  bp: 'Backprop’s update, −G^BP: the target',
  pceq: 'PC run to its equilibrium h* (λ ≡ 0): where PC’s update ends',
  pc: 'PC’s update if inference stopped at step t',
  pcalm: 'PC-ALM’s update if inference stopped at step t',
};

const UPDATE_LEGEND: LegendItem[] = (['bp', 'pceq', 'pc', 'pcalm'] as const).map((kind) => ({
  key: kind,
  label: ARROW_LABELS[kind],
  hint: ARROW_HINTS[kind],
}));

const TRAJECTORY_LEGEND: LegendItem[] = [
  { key: 'pcalm', label: METHOD_LABELS.pcalm, hint: 'PC-ALM: η_λ from the settings' },
  { key: 'pc', label: METHOD_LABELS.pc, hint: 'PC: the same steps with η_λ = 0' },
  { key: 'ref', label: 'fixed points', hint: 'Fixed points the theory predicts (spec §5, §7)' },
];

const PHASE_LEGEND: LegendItem[] = [
  { key: 'pcalm', label: METHOD_LABELS.pcalm, hint: 'PC-ALM’s path: it ends at (h̄, −δ)' },
  { key: 'pc', label: METHOD_LABELS.pc, hint: 'PC’s path: along λ = 0, it ends at (h*, 0)' },
  {
    key: 'ref',
    label: 'fixed points',
    hint: 'Open rings: the fixed points (h*, 0) of PC and (h̄, −δ) of PC-ALM',
    ring: true,
  },
];

function Readout({ model, t }: { model: ScalarModel; t: number }) {
  const k = stepIn(model.pcalm, t);
  const kPc = stepIn(model.pc, t);
  const pcalm = model.pcalm.updates[k];
  return (
    <p className="scalar-readout" data-testid="scalar-readout">
      At step {k}
      {k < t ? ' (the last before PC-ALM diverged)' : ''}: cos(PC-ALM, BP) = {cosText(model.pcalm.cosines[k])}{' '}
      · cos(PC, BP) = {cosText(model.pc.cosines[kPc])} · equilibrated PC: {cosText(model.equilibratedCosine)}.
      Angles: PC-ALM {fmt(updateAngle(pcalm))}°, BP {fmt(updateAngle(model.bp))}°; h ={' '}
      {fmt(model.pcalm.states[k].h)} (forward value {fmt(model.hForward)}).
    </p>
  );
}

/** Why the (h, λ) path does or does not spiral, from the eigenvalues of one step. */
function SpiralNote({ model }: { model: ScalarModel }) {
  const { re, im } = model.eigenvalues;
  const text =
    im[0] !== 0
      ? `One step’s eigenvalues are a complex pair, |z| = ${fmt(Math.hypot(re[0], im[0]))}: PC-ALM’s path spirals in.`
      : `One step’s eigenvalues are real (${fmt(re[0])} and ${fmt(re[1])}), so the path bends in without circling. ` +
        'Set η_h below 1/(1 + w₂²) in the settings (e.g. 0.2) and they become a complex pair: a spiral.';
  return <p className="scalar-readout">{text}</p>;
}

function DivergenceNote({ model }: { model: ScalarModel }) {
  const parts = METHODS.filter((m) => model[m].divergedAt !== null).map(
    (m) => `${METHOD_LABELS[m]} diverged at step ${model[m].divergedAt}`,
  );
  if (parts.length === 0) return null;
  return (
    <p className="scalar-diverged" role="alert">
      {parts.join('; ')}: one step multiplies the error by more than 1 (ρ = {fmt(model.rho)}). Lower η_h or
      η_λ in the settings.
    </p>
  );
}

/** The view's three figures: the panel title, and the ⓘ explanation with the subject it names. */
const FIGURES = {
  ScalarTrajectories: ['Inference: h, λ and r over the steps', 'scalarTrajectories', 'scalar trajectories'],
  ScalarUpdates: ['Weight updates (Δw₁, Δw₂)', 'scalarUpdates', 'weight-update plane'],
  ScalarPhase: ['Inference in the (h, λ) plane', 'scalarPhase', 'phase plane'],
} as const satisfies Record<string, readonly [title: string, topic: ExplanationId, subject: string]>;

/** One figure of the view: its panel, its ⓘ explanation and its legend above the chart. */
function ScalarFigure(props: { id: keyof typeof FIGURES; legend: LegendItem[]; children: ReactNode }) {
  const [title, topic, subject] = FIGURES[props.id];
  return (
    <Panel id={props.id} title={title} explain={<Explain topic={topic} subject={subject} />}>
      <Legend items={props.legend} />
      {props.children}
    </Panel>
  );
}

export function ScalarView() {
  // In the store (not component state) so the link carries them: a teacher shares this exact example.
  const inputs = useApp((s) => s.scalar);
  const setInputs = (next: ScalarInputs) => store.setState({ scalar: next });
  const etaH = useApp((s) => s.config.etaH);
  const etaLambda = useApp((s) => s.config.etaLambda);
  const budget = useApp((s) => s.config.T);
  const model = useMemo(
    () => scalarModel(inputs, { etaH, etaLambda, T: budget }),
    [inputs, etaH, etaLambda, budget],
  );
  const T = model.rates.T;
  const playback = usePlayback(T);
  const t = playback.t;
  const onInput = (key: ScalarInputKey, value: number) =>
    setInputs({ ...store.getState().scalar, [key]: clampInput(value) });

  return (
    <main className="scalar-view" data-view="scalar">
      <section className="scalar-controls" aria-label="Scalar example controls">
        <InputSliders inputs={inputs} onChange={onInput} />
        <div className="scalar-run">
          <StepControls playback={playback} T={T} />
          <RatesLine model={model} />
          <button type="button" className="scalar-reset" onClick={() => setInputs(DEFAULT_INPUTS)}>
            Reset w₁, w₂, x, y
          </button>
        </div>
      </section>
      <DivergenceNote model={model} />
      <div className="scalar-figures">
        <ScalarFigure id="ScalarTrajectories" legend={TRAJECTORY_LEGEND}>
          <TrajectoryChart model={model} t={t} />
        </ScalarFigure>
        <ScalarFigure id="ScalarUpdates" legend={UPDATE_LEGEND}>
          <UpdatePlane model={model} t={t} />
          <Readout model={model} t={t} />
        </ScalarFigure>
        <ScalarFigure id="ScalarPhase" legend={PHASE_LEGEND}>
          <PhasePlane model={model} t={t} />
          <SpiralNote model={model} />
        </ScalarFigure>
      </div>
    </main>
  );
}
