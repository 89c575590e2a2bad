/**
 * Registers the service worker (src/sw/sw.js) in built apps, after the first animated step so its
 * precaching never competes with the first load, and offers "New version — reload" when a new deploy
 * has installed beside the running one: the page keeps one build's files until the reader chooses to
 * switch, then reloads onto the new build whole. Plain DOM: a bar of its own, outside the React tree.
 */
const FIRST_STEP = 'pcalm:first-animated-frame';
/** Views without an explorer run never leave the mark: register after this long anyway. */
const FALLBACK_MS = 8000;
const UPDATE_CHECK_MS = 30 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    observer?.disconnect();
    navigator.serviceWorker
      .register('./sw.js')
      .then(watch)
      .catch(() => {
        // No service worker (private mode, plain http): the app works as before, only not offline.
      });
  };
  let observer: PerformanceObserver | null = null;
  if (performance.getEntriesByName(FIRST_STEP).length > 0) start();
  else if (typeof PerformanceObserver !== 'undefined') {
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName(FIRST_STEP).length > 0) start();
    });
    observer.observe({ type: 'mark' });
  }
  setTimeout(start, FALLBACK_MS);
}

function watch(registration: ServiceWorkerRegistration): void {
  let switching = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only a switch the reader asked for reloads; the first install just starts controlling.
    if (switching) window.location.reload();
  });
  const offer = (worker: ServiceWorker) =>
    showUpdatePrompt(() => {
      switching = true;
      worker.postMessage({ type: 'skip-waiting' });
    });
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  // A class keeps the page open for hours: look for a new deploy now and then.
  setInterval(() => {
    if (document.visibilityState === 'visible') void registration.update().catch(() => undefined);
  }, UPDATE_CHECK_MS);
}

function showUpdatePrompt(reload: () => void): void {
  if (document.querySelector('[data-testid="update-prompt"]')) return;
  const bar = document.createElement('div');
  bar.className = 'update-prompt';
  bar.dataset.testid = 'update-prompt';
  bar.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = 'A new version of PC-ALM Explorer is ready.';
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.action = 'reload-new-version';
  button.textContent = 'New version — reload';
  button.addEventListener('click', () => {
    button.disabled = true;
    reload();
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = 'Later';
  later.addEventListener('click', () => bar.remove());
  bar.append(text, button, later);
  document.body.append(bar);
}
