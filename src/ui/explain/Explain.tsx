/**
 * The ⓘ toggle of a figure and, when open, its "what am I seeing?" paragraph and formulas. It goes in
 * the panel header (Panel's `explain` slot): the button sits next to the title, the text wraps onto a
 * full-width line under it, so the figure keeps its space until someone asks.
 */
import { useId, useState } from 'react';
import { EXPLANATIONS, type ExplanationId } from './explanations';
import { TeX, useTypesetter } from './TeX';
import './explain.css';

export function Explain({ topic, subject }: { topic: ExplanationId; subject: string }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const { text, formulas } = EXPLANATIONS[topic];
  const typesetter = useTypesetter();
  return (
    <>
      <button
        type="button"
        className="explain-toggle"
        aria-expanded={open}
        aria-controls={bodyId}
        aria-label={`What am I seeing? (${subject})`}
        title={open ? 'Hide the explanation' : 'What am I seeing? Explanation and formulas'}
        data-explain={topic}
        onClick={() => setOpen(!open)}
      >
        i
      </button>
      {open && (
        <div className="explain-body" id={bodyId} data-testid={`explain-${topic}`}>
          <p>{text}</p>
          {typesetter === 'loading' && (
            <p className="explain-loading">
              Loading the formula typesetter (KaTeX, about 0.2 MB with its fonts); until then formulas show as
              TeX source…
            </p>
          )}
          {typesetter === 'failed' && (
            <p className="explain-loading">
              The formula typesetter (KaTeX) did not load (offline before it was ever loaded?): formulas show
              as TeX source.
            </p>
          )}
          <ul className="explain-formulas">
            {formulas.map((f) => (
              <li key={f.tex}>
                <TeX tex={f.tex} display />
                <span className="explain-caption">{f.caption}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
