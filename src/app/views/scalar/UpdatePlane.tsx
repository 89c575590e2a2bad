/**
 * The plane of weight updates (Δw₁, Δw₂) with equal units on both axes, so the angles between arrows
 * are the true angles: BP's update, equilibrated PC's, and PC's and PC-ALM's at the shown step, with
 * the paths their updates take over the steps (PC-ALM's bold up to the shown step).
 */
import { format, line } from 'd3';
import { useId, useMemo } from 'react';
import { METHOD_LABELS } from '../../../core/methods';
import { SquarePlaneChart, useSquarePlane } from './SquarePlane';
import { type MethodRun, planeFrame, type ScalarModel, stepIn, type Update } from './scalarModel';

const MIN_SIZE = 260;
const MAX_SIZE = 470;
const fmt = format('.3~g');

export type ArrowKind = 'bp' | 'pceq' | 'pc' | 'pcalm';

export const ARROW_LABELS: Record<ArrowKind, string> = {
  bp: METHOD_LABELS.bp,
  pceq: 'equilibrated PC',
  pc: 'PC at step t',
  pcalm: 'PC-ALM at step t',
};

export function UpdatePlane({ model, t }: { model: ScalarModel; t: number }) {
  const markerId = useId().replace(/:/g, '');
  const frame = useMemo(
    () => planeFrame([...model.pcalm.updates, ...model.pc.updates, model.bp, model.equilibratedPc]),
    [model],
  );
  const plane = useSquarePlane(frame, MIN_SIZE, MAX_SIZE);
  const { x, y, top, bottom } = plane;
  const trail = line<Update>()
    .x((u) => x(u.dw1))
    .y((u) => y(u.dw2));
  const at = (run: MethodRun) => run.updates[stepIn(run, t)];
  // BP is drawn last and thinner, so it stays visible when PC-ALM's arrow has turned onto it.
  const arrows: Array<[ArrowKind, Update]> = [
    ['pceq', model.equilibratedPc],
    ['pc', at(model.pc)],
    ['pcalm', at(model.pcalm)],
    ['bp', model.bp],
  ];
  const done = model.pcalm.updates.slice(0, stepIn(model.pcalm, t) + 1);
  return (
    <SquarePlaneChart
      plane={plane}
      className="scalar-plane"
      ariaLabel="Weight updates (Δw₁, Δw₂) of BP, equilibrated PC, PC and PC-ALM as arrows from the origin"
      testId="update-plane"
      xTitle={{ label: 'Δw₁', hint: 'update of the first weight, Δw₁ = −G₁ = ε x (learning rate 1)' }}
      yTitle={{ label: 'Δw₂', hint: 'update of the second weight, Δw₂ = −G₂ = e h (learning rate 1)' }}
    >
      <defs>
        {(['bp', 'pceq', 'pc', 'pcalm'] as const).map((kind) => (
          <marker
            key={kind}
            id={`${markerId}-${kind}`}
            className={`scalar-head scalar-head-${kind}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0L10,5L0,10z" />
          </marker>
        ))}
        <marker
          id={`${markerId}-dot`}
          className="scalar-step-dot"
          viewBox="0 0 4 4"
          refX="2"
          refY="2"
          markerWidth="4"
          markerHeight="4"
        >
          <circle cx="2" cy="2" r="1.6" />
        </marker>
      </defs>
      <line className="scalar-zero" x1={x(0)} x2={x(0)} y1={top} y2={bottom} />
      <path className="scalar-trail scalar-trail-pc" d={trail(model.pc.updates) ?? ''}>
        <title>PC’s update over the steps: it ends on equilibrated PC’s arrow</title>
      </path>
      <path className="scalar-trail scalar-trail-pcalm" d={trail(model.pcalm.updates) ?? ''}>
        <title>PC-ALM’s update over all steps: it ends on BP’s arrow</title>
      </path>
      <path className="scalar-trail-done" d={trail(done) ?? ''} markerMid={`url(#${markerId}-dot)`} />
      {arrows.map(([kind, u]) => (
        <line
          key={kind}
          className={`scalar-arrow scalar-arrow-${kind}`}
          data-arrow={kind}
          data-dw1={u.dw1}
          data-dw2={u.dw2}
          x1={x(0)}
          y1={y(0)}
          x2={x(u.dw1)}
          y2={y(u.dw2)}
          markerEnd={`url(#${markerId}-${kind})`}
        >
          <title>{`${ARROW_LABELS[kind]}: Δw₁ = ${fmt(u.dw1)}, Δw₂ = ${fmt(u.dw2)}`}</title>
        </line>
      ))}
    </SquarePlaneChart>
  );
}
