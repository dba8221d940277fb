"""Near-duplicate fingerprints: the same statement reposted by another outlet.

A MinHash (datasketch) over word 5-shingles of the normalised text, cut into
LSH bands. Two documents that share a band key are candidates; their
estimated Jaccard similarity decides. The store indexes band keys, so a new
document is compared with a handful of candidates, never with every document.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 16  # 16 bands × 8 rows: pairs above ~0.7 Jaccard nearly always collide
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8  # estimated Jaccard at which two texts are one statement
SCHEME = "affine32"  # datasketch ≥ 2 needs the scheme to rebuild a stored MinHash
_DTYPE = np.uint32
SHINGLE = 5
_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=_DTYPE).tobytes()


def from_bytes(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(raw, dtype=_DTYPE), scheme=SCHEME)


def band_keys(m: MinHash) -> list[tuple[int, str]]:
    values = np.asarray(m.hashvalues, dtype=_DTYPE)
    return [(b, hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=16).hexdigest()) for b in range(BANDS)]


def similarity(a: MinHash, b: MinHash) -> float:
    return float(a.jaccard(b))
