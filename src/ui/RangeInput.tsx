/**
 * A native range input (arrows, Page Up/Down, Home and End work) over a { min, max, step } range that
 * reports its value as a number. Other attributes (id, data-*, disabled) pass through to the input.
 */
import type { InputHTMLAttributes } from 'react';

export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

type PassedThrough = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'min' | 'max' | 'step' | 'value' | 'onChange'
>;

export function RangeInput({
  range,
  value,
  onValue,
  ...attributes
}: PassedThrough & { range: NumberRange; value: number; onValue: (value: number) => void }) {
  return (
    <input
      {...attributes}
      type="range"
      min={range.min}
      max={range.max}
      step={range.step}
      value={value}
      onChange={(e) => onValue(Number(e.target.value))}
    />
  );
}
