/**
 * Inference as a path in the (h, λ) plane: every step is a point. PC stays on λ = 0 and stops at h*;
 * PC-ALM heads for (h̄, −δ), in a spiral when one step's eigenvalues are a complex pair (spec §7).
 * Equal units on both axes, so a spiral looks like one.
 */
import { format, line } from 'd3';
import { useMemo } from 'react';
import type { ScalarState } from '../../../theory/scalarExample';
import { SquarePlaneChart, useSquarePlane } from './SquarePlane';
import { planeFrame, type ScalarModel, stepIn } from './scalarModel';

const MIN_SIZE = 240;
const MAX_SIZE = 380;
const fmt = format('.3~g');

export function PhasePlane({ model, t }: { model: ScalarModel; t: number }) {
  const frame = useMemo(() => {
    const points = [...model.pcalm.states, ...model.pc.states].map((s) => ({ dw1: s.h, dw2: s.lambda }));
    return planeFrame([...points, { dw1: model.hForward, dw2: model.lambdaStar }]);
  }, [model]);
  const plane = useSquarePlane(frame, MIN_SIZE, MAX_SIZE);
  const { x, y } = plane;
  const path = line<ScalarState>()
    .x((s) => x(s.h))
    .y((s) => y(s.lambda));
  const targets = [
    { key: 'pc', h: model.hStar, lambda: 0, hint: `PC’s equilibrium (h*, 0) = (${fmt(model.hStar)}, 0)` },
    {
      key: 'pcalm',
      h: model.hForward,
      lambda: model.lambdaStar,
      hint: `PC-ALM’s fixed point (h̄, −δ) = (${fmt(model.hForward)}, ${fmt(model.lambdaStar)})`,
    },
  ];
  return (
    <SquarePlaneChart
      plane={plane}
      className="scalar-phase"
      ariaLabel="Inference of PC and PC-ALM as paths in the plane of the hidden activity h and its multiplier λ"
      xTitle={{ label: 'h', hint: 'hidden activity h after each activity step' }}
      yTitle={{ label: 'λ', hint: 'multiplier λ of the hidden layer (PC: always 0)' }}
    >
      {targets.map((p) => (
        <circle
          key={p.key}
          className={`scalar-target scalar-target-${p.key}`}
          cx={x(p.h)}
          cy={y(p.lambda)}
          r={6}
        >
          <title>{p.hint}</title>
        </circle>
      ))}
      {(['pc', 'pcalm'] as const).map((method) => {
        const run = model[method];
        const shown = run.states[stepIn(run, t)];
        return (
          <g key={method} className={`scalar-series scalar-${method}`}>
            <path d={path(run.states) ?? ''} />
            <circle cx={x(shown.h)} cy={y(shown.lambda)} r={4} />
          </g>
        );
      })}
    </SquarePlaneChart>
  );
}
