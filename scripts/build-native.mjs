// Builds the Node engine's native module (native/pcalm_native.cc → build/native/pcalm_native.node),
// run by `npm install` after the data. It needs a C++ compiler and Node's headers, nothing else: its
// products are its own register tiles (native/tiles.h). A machine without them gets no module: the
// reason goes to build/native/why.txt and the CLI runs the wasm kernels instead. Never fails the
// install. `--require` makes a failure an error (CI).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFlags, compiler } from './native-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build', 'native');
const target = join(outDir, 'pcalm_native.node');
const whyFile = join(outDir, 'why.txt');
const required = process.argv.includes('--require');
mkdirSync(outDir, { recursive: true });
rmSync(whyFile, { force: true });

function giveUp(why) {
  writeFileSync(whyFile, `${why}\n`);
  rmSync(target, { force: true });
  console.log(`build-native: no native module (${why}); the Node engine uses the wasm kernels`);
  process.exit(required ? 1 : 0);
}

if (process.env.PCALM_NATIVE === '0') giveUp('PCALM_NATIVE=0 at install');
const headers = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node'].find((d) =>
  existsSync(join(d, 'node_api.h')),
);
if (!headers) giveUp("Node's headers (node_api.h) are not installed beside node");
const args = [
  ...compileFlags,
  '-shared',
  '-fPIC',
  `-I${headers}`,
  join(root, 'native', 'pcalm_native.cc'),
  '-o',
  target,
];
const start = Date.now();
try {
  execFileSync(compiler, args, { stdio: ['ignore', 'pipe', 'pipe'] });
} catch (error) {
  const text = String(error.stderr || error.message)
    .trim()
    .split('\n')
    .slice(0, 3)
    .join(' ');
  giveUp(`${compiler} failed: ${text}`);
}
console.log(`build-native: wrote build/native/pcalm_native.node in ${Date.now() - start} ms`);
