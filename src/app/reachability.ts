/**
 * Whether the page's own server answers. `navigator.onLine` is only a hint: it says "online" on a
 * lecture-hall Wi-Fi that routes nowhere, and Chromium 150 reports a page opened offline from the
 * service worker as online. So "offline" is decided by a HEAD request for the app's own address (a
 * few hundred bytes of headers), which the service worker lets through (it answers GETs only) and the
 * HTTP cache does not answer (`no-store`); any response, even an error status, means the server is
 * there.
 */
import { useEffect, useState } from 'react';

export async function serverReachable(): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return false;
  try {
    await fetch(new URL('./', document.baseURI).href, { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

/** `serverReachable()`, asked again whenever the browser says the network came or went. */
export function useServerReachable(): boolean {
  const [reachable, setReachable] = useState(() => navigator.onLine);
  useEffect(() => {
    let current = true;
    const probe = () => {
      void serverReachable().then((answer) => {
        if (current) setReachable(answer);
      });
    };
    probe();
    window.addEventListener('online', probe);
    window.addEventListener('offline', probe);
    return () => {
      current = false;
      window.removeEventListener('online', probe);
      window.removeEventListener('offline', probe);
    };
  }, []);
  return reachable;
}
