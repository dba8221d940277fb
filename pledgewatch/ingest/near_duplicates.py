"""Near-duplicate fingerprints: the same statement reposted by another outlet.

A MinHash (datasketch) over word 3-shingles of the normalised text, cut into
LSH bands. Two documents that share a band key are candidates; their
estimated Jaccard similarity decides. The store indexes band keys, so a new
document is compared with a handful of candidates, never with every document.

Why these numbers: reposts differ by a few edited words (a fixed typo, "U.S."
for "United States", an added editor's line). Each edited word breaks
``SHINGLE`` shingles, so short shingles keep an edited repost similar: 3 % of
words edited leaves 3-shingle Jaccard near 0.85 (5-shingles fall to 0.77).
Different statements of the same parties, with their shared boilerplate,
stay below 0.1 (the bundled corpus: at most 0.09), so 0.6 separates them
with room on both sides. 32 bands of 4 rows make pairs at 0.6 candidates
with probability 0.99.

Changing these (or how text becomes shingles or bands become keys) changes
every stored fingerprint: raise ``FINGERPRINT_VERSION`` with them. The store
records the version its fingerprints were made with and, when it differs,
rebuilds them once from the stored texts.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32  # 32 bands × 4 rows: pairs at 0.6 Jaccard collide with probability 0.99
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6  # estimated Jaccard at which two texts are one statement
FINGERPRINT_VERSION = 1  # of everything in this module that a stored fingerprint depends on
SCHEME = "affine32"  # datasketch ≥ 2 needs the scheme to rebuild a stored MinHash
_DTYPE = np.uint32
SHINGLE = 3
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
