/**
 * A small drop-down menu on <details>/<summary>: opens with a click, Enter or Space like any button,
 * its items are ordinary buttons (Tab reaches them), and Escape or a click elsewhere closes it.
 */
import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import './menu.css';

export function Menu(props: {
  label: string;
  /** Accessible name of the summary when the visible label is short (e.g. "Export figure: …"). */
  ariaLabel?: string;
  testId?: string;
  align?: 'left' | 'right';
  children: (close: () => void) => ReactNode;
}) {
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (menu.current) menu.current.open = false;
  };
  useCloseOnOutside(menu, { refocus: true });
  return (
    <details className={`menu align-${props.align ?? 'left'}`} ref={menu} data-testid={props.testId}>
      <summary aria-label={props.ariaLabel}>{props.label}</summary>
      <div className="menu-popup menu-items">{props.children(close)}</div>
    </details>
  );
}

/**
 * Like any menu: a click elsewhere or Escape closes an open <details>; with `refocus`, Escape puts the
 * focus back on its summary.
 */
export function useCloseOnOutside(
  menu: RefObject<HTMLDetailsElement | null>,
  { refocus }: { refocus: boolean },
): void {
  useEffect(() => {
    const onEvent = (e: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        details.open = false;
        if (refocus) details.querySelector('summary')?.focus();
      } else if (!details.contains(e.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', onEvent);
    document.addEventListener('keydown', onEvent);
    return () => {
      document.removeEventListener('pointerdown', onEvent);
      document.removeEventListener('keydown', onEvent);
    };
  }, [menu, refocus]);
}
