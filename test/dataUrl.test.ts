import { describe, expect, it } from 'vitest';
import { dataBaseUrl } from '../src/data/dataUrl';

describe('dataBaseUrl', () => {
  it('resolves a relative base against index.html, one folder above the built chunk', () => {
    const chunk = 'https://example.org/courses/pcalm/assets/engine.worker-abc.js';
    expect(dataBaseUrl('./', chunk)).toBe('https://example.org/courses/pcalm/data/');
    expect(dataBaseUrl('.', chunk)).toBe('https://example.org/courses/pcalm/data/');
  });
  it('keeps an absolute base as it is', () => {
    expect(dataBaseUrl('/', 'http://localhost:5173/src/data/dataUrl.ts')).toBe('/data/');
    expect(dataBaseUrl('/x/', 'http://h/x/assets/a.js')).toBe('/x/data/');
    expect(dataBaseUrl('https://cdn.example/app/', 'http://h/a.js')).toBe('https://cdn.example/app/data/');
  });
});
