#!/usr/bin/env python3
"""Prints test vectors of NumPy's default_rng for test/numpyRandom.test.ts (committed as
test/fixtures/numpy-vectors.json, so the tests never need Python).

Usage: python3 scripts/numpy-vectors.py > test/fixtures/numpy-vectors.json && npx biome format --write test/fixtures/numpy-vectors.json
"""
import json

import numpy as np


def fnv1a(values):
    """32-bit FNV-1a of the values as little-endian uint32 bytes (src/data/format.ts's fnv1a)."""
    h = 0x811C9DC5
    for b in np.asarray(values, dtype="<u4").tobytes():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


seeds = [0, 1, 5, 42, 12345, 2**32 + 7]
out = {"numpy": np.__version__, "seedSequence": [], "pcg64": [], "permutations": [], "shuffles": []}
for seed in seeds:
    ss = np.random.SeedSequence(seed)
    out["seedSequence"].append(
        {
            "seed": str(seed),
            "pool": [int(v) for v in ss.pool],
            "state32": [int(v) for v in ss.generate_state(8, np.uint32)],
            "state64": [str(int(v)) for v in ss.generate_state(4, np.uint64)],
        }
    )
    bg = np.random.PCG64(seed)
    out["pcg64"].append({"seed": str(seed), "raw64": [str(int(v)) for v in bg.random_raw(6)]})
    for n in [1, 2, 10, 1000]:
        perm = np.random.default_rng(seed).permutation(n)
        out["permutations"].append({"seed": str(seed), "n": n, "head": [int(v) for v in perm[:12]], "fnv1a": fnv1a(perm)})

# The official data order: the MNIST / Fashion-MNIST train split (60,000) shuffled by default_rng(seed)
# as data.py does it (arange, int64, shuffle), and batch orders of epochs by default_rng(seed + epoch).
for seed in [0, 1, 2, 3, 4]:
    idx = np.arange(60000, dtype=np.int64)
    np.random.default_rng(seed).shuffle(idx)
    out["shuffles"].append(
        {"seed": seed, "n": 60000, "head": [int(v) for v in idx[:64]], "tail": [int(v) for v in idx[-8:]], "fnv1a": fnv1a(idx)}
    )
for seed in [17, 18]:
    idx = np.arange(10000, dtype=np.int64)
    np.random.default_rng(seed).shuffle(idx)
    out["shuffles"].append(
        {"seed": seed, "n": 10000, "head": [int(v) for v in idx[:64]], "tail": [int(v) for v in idx[-8:]], "fnv1a": fnv1a(idx)}
    )
# The official normalize_images in float32: (x / 255 - mean) / std, as uint32 bit patterns per byte.
pixels = np.arange(256, dtype=np.uint8).astype(np.float32) / 255.0
out["standardisation"] = {
    name: [int(v) for v in ((pixels - mean) / std).astype(np.float32).view(np.uint32)]
    for name, mean, std in [("mnist", 0.1307, 0.3081), ("fashion-mnist", 0.2860, 0.3530)]
}
print(json.dumps(out, separators=(",", ":")))
