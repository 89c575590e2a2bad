/** The frame every figure sits in: a titled section with a toolbar on the right, ending in its Export menu. */
import type { ReactNode } from 'react';
import { FigureExportMenu } from '../ui/FigureExportMenu';

export function Panel(props: {
  id: string;
  title: string;
  toolbar?: ReactNode;
  /** The ⓘ "what am I seeing?" toggle and its text (src/app/explain/Explain.tsx), next to the title. */
  explain?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      className={`panel ${props.className ?? ''}`}
      data-panel={props.id}
      aria-labelledby={`${props.id}-title`}
    >
      <header className="panel-header">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.explain}
        <div className="panel-toolbar">
          {props.toolbar}
          <FigureExportMenu title={props.title} />
        </div>
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
