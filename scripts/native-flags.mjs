// How the native module and the programs beside it (native/check/) are compiled: one place, so that a
// measurement of the module's kernels is of the code the module runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const compiler = process.env.CXX || 'g++';

// -ffp-contract=off: the element-wise passes keep the spec's float32 order, no fused multiply-adds.
// -march=native: the module is built on the machine that runs it.
export const compileFlags = ['-O3', '-march=native', '-ffp-contract=off', '-std=c++17', '-pthread'];

// Debian's OpenBLAS (libopenblas-dev), the pthread variant's header and library directory: not the
// module's (its products are its own tiles), only the comparison native/check/stepParts.cc makes.
const blasDirs = [
  ['/usr/include/x86_64-linux-gnu/openblas-pthread', '/usr/lib/x86_64-linux-gnu/openblas-pthread'],
  ['/usr/include/aarch64-linux-gnu/openblas-pthread', '/usr/lib/aarch64-linux-gnu/openblas-pthread'],
  ['/usr/include/openblas', '/usr/lib'],
].find(([include, lib]) => existsSync(join(include, 'cblas.h')) && existsSync(join(lib, 'libopenblas.so')));

/** The compiler arguments that link OpenBLAS, or none where it is not installed. */
export const blasArgs = blasDirs
  ? ['-DPCALM_OPENBLAS', `-I${blasDirs[0]}`, `-L${blasDirs[1]}`, `-Wl,-rpath,${blasDirs[1]}`, '-lopenblas']
  : [];
