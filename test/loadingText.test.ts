import { describe, expect, it } from 'vitest';
import { formatProgress, isLoadingMessage, loadingLine } from '../src/core/loading';

describe('loading lines', () => {
  it('say how much of how much, in one precision', () => {
    expect(formatProgress({ loaded: 2_800_000, total: 54_950_064 })).toBe('2.8 of 55.0 MB (5 %)');
    expect(formatProgress({ loaded: 210_000, total: 451_849 })).toBe('0.21 of 0.45 MB (46 %)');
    expect(formatProgress({ loaded: 1_300_000, total: null })).toBe('1.30 MB');
    expect(formatProgress({ loaded: 5, total: 5 })).toBe('0.00 of 0.00 MB (100 %)');
  });
  it('name what loads, and what failed', () => {
    const load = { what: 'the WebAssembly engine', loaded: 100_000, total: 424_594 };
    expect(loadingLine({ ...load, state: 'loading' })).toBe(
      'Loading the WebAssembly engine: 0.10 of 0.42 MB (23 %)…',
    );
    expect(loadingLine({ ...load, state: 'failed', error: 'HTTP 404' })).toBe(
      'Could not load the WebAssembly engine: HTTP 404',
    );
    expect(isLoadingMessage({ type: 'loading' })).toBe(true);
    expect(isLoadingMessage({ type: 'metrics' })).toBe(false);
    expect(isLoadingMessage(null)).toBe(false);
  });
});
