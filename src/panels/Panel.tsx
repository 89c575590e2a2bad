/** The frame every figure sits in: a titled section with an optional toolbar on the right. */
import type { ReactNode } from 'react';

export function Panel(props: {
  id: string;
  title: string;
  toolbar?: ReactNode;
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
        {props.toolbar && <div className="panel-toolbar">{props.toolbar}</div>}
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
