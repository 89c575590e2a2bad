/**
 * η_h as a configuration asks for it, with `etaH=paper` turned into the paper's per-cell number
 * (src/core/paperEta.ts), so the engines below only ever see a number or "auto".
 */

import type { EngineConfig } from '../core/engineConfig';
import { type PaperCell, paperEtaH } from '../core/paperEta';

export interface AskedEtaH {
  etaH: number | 'auto';
  /** The table cell behind `etaH=paper` (null otherwise). */
  paperCell: PaperCell | null;
  /** Why the paper's value is not exactly this configuration's cell (null when it is, or not asked). */
  note: string | null;
}

export function configEtaH(
  config: Pick<EngineConfig, 'etaH' | 'data' | 'act' | 'width' | 'depth' | 'arch' | 'param'>,
): AskedEtaH {
  if (config.etaH !== 'paper') return { etaH: config.etaH, paperCell: null, note: null };
  const found = paperEtaH(config);
  return { etaH: found.etaH, paperCell: found.cell, note: found.note };
}

/** "paper: cell MNIST relu N = 32 L = 32 of the paper's η_h table" for summaries. */
export function paperSourceText(cell: PaperCell): string {
  const name = cell.dataset === 'mnist' ? 'MNIST' : 'Fashion-MNIST';
  return `paper: the paper's frozen η_h (1/λ_max, median of its seeds) of cell ${name} ${cell.act} N = ${cell.width} L = ${cell.depth}`;
}

/**
 * The η_h a run on a built network uses: the configuration's number, the paper's value for the cell
 * of that network (a run file's network may differ from the settings), or 1/λ_max when auto. The
 * explorer and the width sweep both take it from here, so a sweep point is the explorer's run.
 */
export function runEtaH(
  config: Pick<EngineConfig, 'etaH' | 'data' | 'act' | 'arch' | 'param'>,
  network: Pick<EngineConfig, 'width' | 'depth'>,
  hessian: { etaH: number },
): AskedEtaH & { value: number } {
  const asked = configEtaH({ ...config, width: network.width, depth: network.depth });
  return { ...asked, value: asked.etaH === 'auto' ? hessian.etaH : asked.etaH };
}
