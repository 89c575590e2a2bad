/**
 * Where the browser finds public/data once built. The build uses a relative base ('./', see
 * vite.config.ts) so that one dist/ works from any sub-path; a relative base is relative to index.html,
 * but `fetch` in a worker resolves against the worker's own script, which lives in assets/. Every built
 * chunk lives in that one folder below index.html, so the app's root is one level up from this module.
 */
export function dataBaseUrl(base: string = import.meta.env.BASE_URL, here: string = import.meta.url): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  // An absolute base (the dev server's '/', or a build for one fixed path) is already right.
  if (root.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(root)) return `${root}data/`;
  return new URL(`../${root}data/`, here).href;
}
