/** Types of serve-static.mjs, for the end-to-end tests that import it. */
export interface StaticServerOptions {
  root: string;
  base?: string;
  port?: number;
  host?: string;
  gzip?: boolean;
  throttle?: { bitsPerSecond: number; rttMs: number } | null;
  /** Send COOP/COEP with every file (a host configured for cross-origin isolation). */
  isolation?: boolean;
  onBytes?: ((bytes: number, path: string) => void) | null;
}
export interface StaticServer {
  url: string;
  port: number;
  bytes(): number;
  resetBytes(): void;
  close(): Promise<void>;
}
export const MIME: Record<string, string>;
export function startStaticServer(options: StaticServerOptions): Promise<StaticServer>;
