/** Types of vite-sw-plugin.mjs, for vite.config.ts. */
import type { Plugin } from 'vite';
export function precacheList(outDir: string): { paths: string[]; version: string };
export function serviceWorkerPlugin(): Plugin;
