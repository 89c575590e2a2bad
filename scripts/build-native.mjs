// Builds the Node engine's native module (native/pcalm_native.cc → build/native/pcalm_native.node),
// run by `npm install` after the data. It links the system's OpenBLAS where Debian's libopenblas-dev
// is installed (.ci/run installs it), else uses the module's own product loops. A machine without a
// C++ compiler or Node's headers gets no module: the reason goes to build/native/why.txt and the CLI
// runs the wasm kernels instead. Never fails the install. `--require` makes a failure an error (CI).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const compiler = process.env.CXX || 'g++';

// Debian's OpenBLAS (libopenblas-dev): the pthread variant's header and library directory.
// PCALM_NATIVE_BLAS=0 builds with the module's own loops even where OpenBLAS is installed (to test them).
const blasDirs =
  process.env.PCALM_NATIVE_BLAS === '0'
    ? undefined
    : [
        ['/usr/include/x86_64-linux-gnu/openblas-pthread', '/usr/lib/x86_64-linux-gnu/openblas-pthread'],
        ['/usr/include/aarch64-linux-gnu/openblas-pthread', '/usr/lib/aarch64-linux-gnu/openblas-pthread'],
        ['/usr/include/openblas', '/usr/lib'],
      ].find(
        ([include, lib]) => existsSync(join(include, 'cblas.h')) && existsSync(join(lib, 'libopenblas.so')),
      );
const blasArgs = blasDirs
  ? ['-DPCALM_OPENBLAS', `-I${blasDirs[0]}`, `-L${blasDirs[1]}`, `-Wl,-rpath,${blasDirs[1]}`, '-lopenblas']
  : [];

// -ffp-contract=off: the element-wise passes keep the spec's float32 order, no fused multiply-adds.
// -march=native: the module is built on the machine that runs it.
const args = [
  '-O3',
  '-march=native',
  '-ffp-contract=off',
  '-std=c++17',
  '-shared',
  '-fPIC',
  '-pthread',
  `-I${headers}`,
  join(root, 'native', 'pcalm_native.cc'),
  '-o',
  target,
  ...blasArgs,
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
console.log(
  `build-native: wrote build/native/pcalm_native.node (${blasDirs ? 'OpenBLAS' : process.env.PCALM_NATIVE_BLAS === '0' ? 'built-in product loops: PCALM_NATIVE_BLAS=0' : 'built-in product loops: no libopenblas-dev'}) in ${Date.now() - start} ms`,
);
