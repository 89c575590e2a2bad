/**
 * The scalar view's own step cursor: t from 0 to T, played as a short animation (about 4 s for the
 * whole run) or set by hand. Setting t by hand stops playback; with reduced motion it never autoplays.
 */
import { useCallback, useEffect, useState } from 'react';

const RUN_MS = 4000;
const MIN_STEP_MS = 40;
const MAX_STEP_MS = 300;

export interface Playback {
  t: number;
  playing: boolean;
  setStep: (t: number) => void;
  toggle: () => void;
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

export function usePlayback(T: number): Playback {
  const last = Math.max(0, Math.floor(Number.isFinite(T) ? T : 0));
  const [step, setStepState] = useState(0);
  const [playing, setPlaying] = useState(() => !prefersReducedMotion());
  const t = Math.min(step, last);

  useEffect(() => {
    if (!playing) return;
    if (t >= last) {
      setPlaying(false);
      return;
    }
    const delay = Math.min(MAX_STEP_MS, Math.max(MIN_STEP_MS, RUN_MS / Math.max(1, last)));
    const timer = setTimeout(() => setStepState(t + 1), delay);
    return () => clearTimeout(timer);
  }, [playing, t, last]);

  const setStep = useCallback(
    (value: number) => {
      setPlaying(false);
      setStepState(Math.max(0, Math.min(last, Math.round(Number.isFinite(value) ? value : 0))));
    },
    [last],
  );
  const toggle = useCallback(() => {
    if (playing) return setPlaying(false);
    // Play from the start when at the end, like any player.
    if (t >= last) setStepState(0);
    setPlaying(true);
  }, [playing, t, last]);
  return { t, playing, setStep, toggle };
}
