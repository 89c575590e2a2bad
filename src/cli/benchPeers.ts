/**
 * The bench's peers, run as child processes on the same machine in the same session: the NumPy peer
 * (hand-derived step, one batched matmul per product), the PyTorch autograd peer and its hand-derived
 * torch.bmm variant, from shared/bench/. A peer that cannot run gives a row saying why, not an error.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export interface PeerSpec {
  name: string;
  script: string;
  /** Interpreters to try in order (NumPy is in the default python3 here, torch in Debian's). */
  pythons: string[];
}

export const PEERS: PeerSpec[] = [
  { name: 'numpy (peer)', script: 'peer_numpy.py', pythons: ['python3', '/usr/bin/python3'] },
  { name: 'torch autograd (peer)', script: 'peer_torch.py', pythons: ['/usr/bin/python3', 'python3'] },
  { name: 'torch bmm (peer)', script: 'peer_torch_bmm.py', pythons: ['/usr/bin/python3', 'python3'] },
];

/** shared/bench beside the repository (a worktree's ../shared), or null. */
export function findPeerDirectory(explicit?: string): string | null {
  const candidates = explicit ? [explicit] : ['../shared/bench', '../../shared/bench', '/work/shared/bench'];
  for (const c of candidates) {
    const dir = resolve(c);
    if (existsSync(join(dir, 'peer_numpy.py'))) return dir;
  }
  return null;
}

export type PeerResult = { stepsPerSec: number; detail: string } | { error: string };

export async function runPeer(
  dir: string,
  peer: PeerSpec,
  args: { width: number; depth: number; batch: number; T: number },
): Promise<PeerResult> {
  const script = join(dir, peer.script);
  if (!existsSync(script)) return { error: `${script} not found` };
  let last = '';
  for (const python of peer.pythons) {
    try {
      const { stdout } = await promisify(execFile)(
        python,
        [script, String(args.width), String(args.depth), String(args.batch), String(args.T)],
        { timeout: 900_000 },
      );
      const match = /([\d.]+) activity steps\/s/.exec(stdout);
      if (match) return { stepsPerSec: Number(match[1]), detail: `${python}: ${stdout.trim()}` };
      last = `${python}: unexpected output ${stdout.trim().slice(0, 120)}`;
    } catch (error) {
      const text = String((error as { stderr?: string }).stderr || (error as Error).message);
      last = `${python}: ${text.trim().split('\n').pop()}`;
    }
  }
  return { error: last };
}
