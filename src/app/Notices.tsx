/** Dismissible messages: bad URL values, refused sizes, fallbacks, divergence. Text only, never HTML. */
import { dismissNotice, useApp } from '../state/store';

export function Notices() {
  const notices = useApp((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n) => (
        <li
          key={n.id}
          className={`notice notice-${n.level}`}
          role={n.level === 'error' ? 'alert' : undefined}
        >
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss message" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
