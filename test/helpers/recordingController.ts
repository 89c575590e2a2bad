/**
 * A worker controller built as its Node tests drive it: every message it posts is recorded, its data
 * sets fail to load (the controllers fall back on synthetic data and say why), and "auto" is not timed.
 */
import { waitFor } from './waitFor';

/** What both controllers' constructors take, as far as these tests fill it in. */
interface RecordingDeps<M> {
  post: (message: M) => void;
  loadData: () => Promise<never>;
  backendOptions: { calibrate: boolean };
}

export function recordingController<M extends { type: string }, C>(
  Controller: new (deps: RecordingDeps<M>) => C,
) {
  const messages: M[] = [];
  const controller = new Controller({
    post: (m) => messages.push(m),
    loadData: () => Promise.reject(new Error('no files in this test.')),
    backendOptions: { calibrate: false },
  });
  /** The last progress message posted, if any. */
  const progress = () =>
    messages.filter((m) => m.type === 'progress').at(-1) as Extract<M, { type: 'progress' }> | undefined;
  return { messages, controller, progress, waitFor };
}
