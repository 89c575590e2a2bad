/**
 * Keeps the address bar and the app in step. At start the link is read (bad values become
 * messages, the rest applies); afterwards every change of the store is written back:
 * - discrete changes (preset, a select, a typed value, hide list) push a history entry, so the
 *   back button returns to the previous configuration;
 * - slider drags, playback, the cursor and the theme replace the current entry, throttled, so
 *   dragging does not flood the history (browsers also throttle replaceState itself);
 * - `step=` is written while paused and left out while playing; a link with it opens paused there.
 */

import { linkOfSpeed, SCALAR_INPUT_KEYS, SWEEP_CHOICE_KEYS, speedOfLink } from '../state/linkSettings';
import {
  baseConfig,
  type ConfigMessage,
  describeMessage,
  type LinkState,
  parseLink,
  serializeLink,
} from '../state/query';
import { type Config, isDragged, SETTING_KEYS } from '../state/schema';
import { type AppState, notify, runFinished, shownStep, store } from '../state/store';
import { applyLinkConfig, pause, play, seek, setSpeed } from './actions';

const REPLACE_EVERY_MS = 300;
/** More messages than this collapse into one line: a garbage link must not bury the page. */
const MAX_LINK_NOTICES = 8;

/** Query last written (or read), without "?". */
let written = '';
let replaceTimer: ReturnType<typeof setTimeout> | null = null;
let pushQueued = false;
/** While a link is being applied, its own changes are not written back as new history. */
let applying = false;
/** A step from the link waiting for the run it belongs to (runs with a larger id than this). */
let pendingStep: { step: number; afterRunId: number } | null = null;

/** The step a link should pause at, or null when the page is playing (or ran to the end by itself). */
function linkStep(s: AppState): number | null {
  if (pendingStep) return pendingStep.step;
  if (s.playing || !s.run) return null;
  if (s.viewT === null && runFinished(s.run)) return null;
  return s.viewT ?? shownStep(s);
}

export function linkOf(s: AppState): LinkState {
  return {
    preset: s.preset,
    hide: [...s.hidden],
    speed: linkOfSpeed(s.speed),
    step: linkStep(s),
    theme: s.theme,
    palette: s.palette,
    overlays: s.overlays ? 'on' : 'off',
    tour: s.tourOpen ? 'on' : 'off',
    ...s.scalar,
    ...s.sweep,
  };
}

/** The query for a state; a link with nothing but the version is left bare. */
function queryOf(s: AppState): string {
  const query = serializeLink(s.config, linkOf(s));
  return query === 'v=1' ? '' : query;
}

function urlFor(query: string): string {
  return `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
}

function write(query: string, mode: 'push' | 'replace'): void {
  if (query === written) return;
  written = query;
  if (mode === 'push') window.history.pushState(null, '', urlFor(query));
  else window.history.replaceState(null, '', urlFor(query));
}

function flushReplace(state: AppState = store.getState()): void {
  if (replaceTimer !== null) clearTimeout(replaceTimer);
  replaceTimer = null;
  write(queryOf(state), 'replace');
}

/** The address of what is on screen now, for "Copy link". */
export function currentLink(): string {
  flushReplace();
  return `${window.location.origin}${urlFor(written)}`;
}

function isDiscrete(s: AppState, prev: AppState): boolean {
  // The width sweep's choices are selects and clicks on a point: each one is a step Back can undo.
  if (s.preset !== prev.preset || s.hidden !== prev.hidden || s.sweep !== prev.sweep) return true;
  return SETTING_KEYS.some((key) => {
    const [now, before] = [s.config[key], prev.config[key]];
    if (now === before) return false;
    // Ticking "auto" on a slider is a click, not a drag.
    return !isDragged(key) || typeof now !== typeof before;
  });
}

function onStoreChange(s: AppState, prev: AppState): void {
  if (pendingStep && s.run && s.run !== prev.run && s.run.info.runId > pendingStep.afterRunId)
    showPendingStep(s);
  if (applying) return;
  if (isDiscrete(s, prev)) {
    // The entry we leave keeps the last dragged values; the new entry gets the new state.
    if (replaceTimer !== null) flushReplace(prev);
    if (!pushQueued) {
      pushQueued = true;
      // One push per action, after all of its store updates (config, then preset).
      queueMicrotask(() => {
        pushQueued = false;
        write(queryOf(store.getState()), 'push');
      });
    }
    return;
  }
  const relevant =
    s.config !== prev.config ||
    s.speed !== prev.speed ||
    s.playing !== prev.playing ||
    s.viewT !== prev.viewT ||
    s.run !== prev.run ||
    s.theme !== prev.theme ||
    s.palette !== prev.palette ||
    s.overlays !== prev.overlays ||
    s.tourOpen !== prev.tourOpen ||
    s.scalar !== prev.scalar;
  if (relevant && replaceTimer === null && !pushQueued) {
    replaceTimer = setTimeout(() => flushReplace(), REPLACE_EVERY_MS);
  }
}

/** Pauses at the link's step once its run exists; a step past the budget shows the last one. */
function showPendingStep(s: AppState): void {
  const wanted = pendingStep!.step;
  pendingStep = null;
  const T = s.run!.info.T;
  if (wanted > T) {
    notify(
      'info',
      `Link: step ${wanted} is past the end of this run (T = ${T}); showing step ${T}.`,
      'link-step',
    );
  }
  seek(Math.min(wanted, T));
}

function reportMessages(messages: ConfigMessage[]): void {
  messages.slice(0, MAX_LINK_NOTICES).forEach((m, i) => {
    notify('warning', `Link: ${describeMessage(m)}`, `link-${i}`);
  });
  const rest = messages.slice(MAX_LINK_NOTICES);
  if (rest.length === 0) return;
  const keys = [...new Set(rest.map((m) => `"${m.key}"`))];
  const named = keys.length > 10 ? `${keys.slice(0, 10).join(', ')}, …` : keys.join(', ');
  notify(
    'warning',
    `Link: ${rest.length} more problems (${named}); each was ignored or set to its default.`,
    'link-more',
  );
}

const sameConfig = (a: Config, b: Config) => SETTING_KEYS.every((key) => a[key] === b[key]);

/** Applies a link (at start, or when the back button returns to one) without writing new history. */
function applyLink(search: string): void {
  const { config, link, messages } = parseLink(search);
  reportMessages(messages);
  applying = true;
  try {
    const before = store.getState();
    store.setState({ preset: link.preset, hidden: link.hide, theme: link.theme, palette: link.palette });
    store.setState({ overlays: link.overlays === 'on', tourOpen: link.tour === 'on' });
    const scalar = { w1: link.w1, w2: link.w2, x: link.x, y: link.y };
    if (SCALAR_INPUT_KEYS.some((key) => scalar[key] !== before.scalar[key])) store.setState({ scalar });
    const sweep = { sweepMax: link.sweepMax, sweepWidth: link.sweepWidth };
    if (SWEEP_CHOICE_KEYS.some((key) => sweep[key] !== before.sweep[key])) store.setState({ sweep });
    if (speedOfLink(link.speed) !== before.speed) setSpeed(speedOfLink(link.speed));
    if (link.step !== null) {
      // Paused before the configuration is sent, so the run does not start playing first.
      if (before.playing) pause();
      pendingStep = { step: link.step, afterRunId: before.run?.info.runId ?? -1 };
    }
    if (!before.run || !sameConfig(before.config, config)) {
      applyLinkConfig(config, baseConfig(link.preset));
    } else if (pendingStep) {
      showPendingStep(store.getState());
    }
    if (link.step === null && !store.getState().playing) play();
  } finally {
    applying = false;
  }
  // The address now says what the app does: canonical order, bad values replaced.
  written = search.replace(/^\?/, '');
  flushReplace();
}

let installed = false;

/** Reads the page's link and keeps the address bar in step from then on. Call once, at start. */
export function startFromUrl(): void {
  if (installed) return;
  installed = true;
  applyLink(window.location.search);
  store.subscribe(onStoreChange);
  window.addEventListener('popstate', () => {
    if (replaceTimer !== null) clearTimeout(replaceTimer);
    replaceTimer = null;
    applyLink(window.location.search);
  });
}
