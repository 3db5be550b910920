#!/usr/bin/env python3
"""Writes the seed corpus for Fuzz/run.sh: small .npy and .npz files NumPy wrote."""
import io, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "corpus", "npy")
os.makedirs(out, exist_ok=True)
arrays = [np.arange(6.).reshape(2, 3), np.array([True, False]), np.arange(5, dtype='>i4'),
          np.asfortranarray(np.arange(12, dtype=np.complex64).reshape(3, 4)), np.zeros((0, 2)), np.array(3, dtype=np.uint16)]
for i, a in enumerate(arrays):
    np.save(os.path.join(out, f"a{i}.npy"), a)
np.savez(os.path.join(out, "z.npz"), x=np.arange(3.), y=np.array([1, 2], dtype=np.int8))
np.savez_compressed(os.path.join(out, "c.npz"), x=np.arange(40.))
print("seeded", len(os.listdir(out)), "files")
