/** How each setting is shown as a control; the schema says what is valid, this says what is convenient. */
import type { SettingKey } from '../state/schema';

export type ControlHint =
  | { kind: 'select' }
  | { kind: 'choices'; values: number[] }
  | { kind: 'slider'; min: number; max: number; step: number }
  | { kind: 'autoSlider'; min: number; max: number; step: number }
  | { kind: 'number' };

export const CONTROL_HINTS: Record<SettingKey, ControlHint> = {
  arch: { kind: 'select' },
  act: { kind: 'select' },
  param: { kind: 'select' },
  width: { kind: 'choices', values: [2, 4, 8, 16, 32, 64, 128, 256, 512] },
  depth: { kind: 'choices', values: [2, 3, 4, 8, 16, 32, 64, 128, 256, 512] },
  batch: { kind: 'choices', values: [1, 4, 16, 32, 64, 128, 256] },
  T: { kind: 'autoSlider', min: 1, max: 1024, step: 1 },
  etaH: { kind: 'autoSlider', min: 0.01, max: 1, step: 0.01 },
  etaLambda: { kind: 'slider', min: 0, max: 2.5, step: 0.05 },
  seed: { kind: 'number' },
  rng: { kind: 'select' },
  data: { kind: 'select' },
  method: { kind: 'select' },
  backend: { kind: 'select' },
  traceLayer: { kind: 'number' },
  probe: { kind: 'number' },
  // Training settings: shown by the training view (src/app/views/training), not in CONTROL_GROUPS.
  lr0: { kind: 'number' },
  epochs: { kind: 'number' },
  evalEvery: { kind: 'number' },
  view: { kind: 'select' },
};

/** Controls in the order they appear, grouped. */
export const CONTROL_GROUPS: Array<{ title: string; keys: SettingKey[] }> = [
  { title: 'Inference', keys: ['method', 'etaLambda', 'etaH', 'T'] },
  { title: 'Network', keys: ['arch', 'act', 'param', 'width', 'depth'] },
  { title: 'Data', keys: ['data', 'batch', 'seed', 'rng'] },
  { title: 'Display', keys: ['view', 'traceLayer', 'probe', 'backend'] },
];
