"""Exact copies and near-duplicates (the same wire story lightly edited), across runs.

Exact copies: documents whose cleaned text is the same (`text_fingerprint`, SHA-256 of the
paragraphs joined by line breaks, title included). A copy's `duplicate_of` is the first document
seen with that text, never itself a copy. A document whose text first appeared in its own source
(a file edited back to older words) is not a copy: that source published the text first.

Near-duplicates: MinHash (datasketch, MIT) over word 3-shingles of the body text, lower-cased,
punctuation dropped (character 4-shingles for Han and kana text, written without spaces), 128
permutations, and datasketch's LSH index to find candidates, each then confirmed by its
estimated Jaccard similarity at least `NEAR_DUPLICATE_THRESHOLD`. The threshold was chosen on the
labelled set of edited copies (`evals/near_duplicates_eval.py`: a changed headline, a sentence
cut or added, words substituted, a paragraph dropped or moved, an agency line added) against
every other pair of the BBC corpus. Texts with fewer than `MIN_SHINGLES` shingles (briefs of a
line or two) get no signature: there is too little text to tell a copy from a coincidence.

Groups: `near_duplicate_group` is the `doc_id` of the group's first document. A new document
joins the group of the earliest document it matches; a document that matches none starts no
group (its group stays null). When the first match of an earlier document arrives, that earlier
document becomes the group's first member: `Verdict.amended` names it, so that its stored row can
be given the group too. Groups never merge afterwards, so a group id, once given, never changes.
Which document is "first" is the order of `observe` calls: earlier runs' documents in the order
they were ingested, then the run's own in input order.

Across runs, the index is rebuilt from what earlier runs stored (`Signature.to_bytes`, 512 bytes a
document, with its fingerprint and group), then new documents are observed against it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

NUM_PERM = 128
SEED = 20240305
SCHEME = "affine32"
# A name for the signature's recipe, stored beside signatures: a stored signature made by another
# recipe cannot be compared and must be computed again.
SIGNATURE_VERSION = f"minhash-{SCHEME}-{NUM_PERM}-{SEED}-blake2b-fnv-w3c4"
NEAR_DUPLICATE_THRESHOLD = 0.5
MIN_SHINGLES = 10
WORD_SHINGLE = 3
CHAR_SHINGLE = 4

_TOKEN = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def text_fingerprint(paragraphs: Sequence[str]) -> str:
    """Hex SHA-256 of the cleaned text: equal exactly when the paragraphs are equal."""
    return hashlib.sha256("\n".join(paragraphs).encode("utf-8")).hexdigest()


def shingle_hashes(text: str) -> np.ndarray:
    """The 32-bit hashes of the text's distinct shingles (word 3-grams, or character 4-grams
    for mostly Han/kana text), sorted.

    Each distinct token is hashed once (BLAKE2b, stable across processes and machines, unlike
    Python's `hash`), and a shingle's hash combines its tokens' in numpy (FNV-style multiply and
    xor), so a document costs a dictionary look-up per word instead of a cryptographic hash per
    shingle.
    """
    lowered = text.casefold()
    han_kana = 0 if not _HAN_KANA.search(lowered) else len(_HAN_KANA.findall(lowered))
    if han_kana and han_kana * 2 > len(_LETTER.findall(lowered)):
        tokens = [c for c in lowered if c.isalnum()]
        size = CHAR_SHINGLE
    else:
        tokens = _TOKEN.findall(lowered)
        size = WORD_SHINGLE
    count = len(tokens) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint32)
    known = _TOKEN_HASHES
    if len(known) > _TOKEN_CACHE_SIZE:
        known.clear()
    hashed = np.array([known[t] if t in known else _token_hash(t) for t in tokens], dtype=np.uint32)
    combined = hashed[:count].copy()
    for offset in range(1, size):
        combined = (combined * _FNV_PRIME) ^ hashed[offset : offset + count]
    return np.unique(combined)


_FNV_PRIME = np.uint32(0x01000193)


# Hashes of tokens seen in this process (a plain dict: cheaper to consult than a cache wrapper,
# emptied when it grows past `_TOKEN_CACHE_SIZE` words).
_TOKEN_HASHES: dict[str, int] = {}
_TOKEN_CACHE_SIZE = 1 << 20


def _token_hash(token: str) -> int:
    value = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest(), "little")
    _TOKEN_HASHES[token] = value
    return value


@dataclass(frozen=True)
class Signature:
    """A MinHash signature: `NUM_PERM` 32-bit minima."""

    values: np.ndarray = field(repr=False)

    def to_bytes(self) -> bytes:
        """The signature as 512 little-endian bytes, to store in a binary column."""
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32))

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def signature(text: str) -> Signature | None:
    """The text's MinHash signature; `None` when it has fewer than `MIN_SHINGLES` shingles."""
    found = shingle_hashes(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = _minhash_class()(
        num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_permutations(), scheme=SCHEME
    )
    minhash.update_batch(found.tolist())
    return Signature(np.asarray(minhash.hashvalues, dtype=np.uint32))


@cache
def _minhash_class() -> Any:
    from datasketch import MinHash

    return MinHash


@cache
def _permutations() -> Any:
    """The permutations for `SEED`, drawn once (datasketch would draw them for every MinHash)."""
    return _minhash_class()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


@dataclass(frozen=True)
class Verdict:
    """What `DuplicateIndex.observe` found for one document.

    `duplicate_of`: the first document with the same text, or `None` (also when that first
    document is an earlier version of the same source).
    `near_duplicate_group`: the group the document joins, or `None`.
    `amended`: an earlier document that became its group's first member now, so its stored row
    gets `near_duplicate_group` = its own `doc_id` (`None` when no stored row changes).
    `similarity`: estimated Jaccard similarity to the matched document (`None` without a match).
    `is_copy`: the document repeats a story another source published first: it is an exact copy,
    or its group's first document comes from another source. `where not is_copy` keeps one
    document per story, and the current versions of sources edited over time (a new version of
    a file is not a copy of its old one). It never changes once given.
    """

    duplicate_of: str | None = None
    near_duplicate_group: str | None = None
    amended: str | None = None
    similarity: float | None = None
    is_copy: bool = False


@dataclass
class _Member:
    doc_id: str
    source_path: str
    signature: Signature | None
    group: str | None
    order: int


class DuplicateIndex:
    """Exact and near-duplicate look-up over every document observed so far (see the module)."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._members: dict[str, _Member] = {}
        self._by_text: dict[str, list[_Member]] = {}

    def __len__(self) -> int:
        return len(self._members)

    def load(
        self,
        doc_id: str,
        source_path: str,
        fingerprint: str,
        signature: Signature | None,
        group: str | None,
    ) -> None:
        """Add a document an earlier run stored, with the group it was given, without matching."""
        self._add(_Member(doc_id, source_path, signature, group, len(self._members)), fingerprint)

    def observe(
        self, doc_id: str, source_path: str, fingerprint: str, signature: Signature | None
    ) -> Verdict:
        """Match a new document against every earlier one, then add it."""
        duplicate_of = self._exact_original(fingerprint, source_path)
        minhash = _as_minhash(signature) if signature is not None else None
        match, similarity = self._nearest_earliest(signature, minhash)
        group = amended = None
        if match is not None:
            if match.group is None:
                match.group = amended = match.doc_id
            group = match.group
        member = _Member(doc_id, source_path, signature, group, len(self._members))
        self._add(member, fingerprint, minhash)
        first = self._members.get(group) if group else None
        is_copy = duplicate_of is not None or (
            group is not None and (first is None or first.source_path != source_path)
        )
        return Verdict(duplicate_of, group, amended, similarity, is_copy)

    def _add(self, member: _Member, fingerprint: str, minhash: Any = None) -> None:
        if member.doc_id in self._members:
            return
        self._members[member.doc_id] = member
        self._by_text.setdefault(fingerprint, []).append(member)
        if member.signature is not None:
            self._lsh.insert(member.doc_id, minhash or _as_minhash(member.signature))

    def _exact_original(self, fingerprint: str, source_path: str) -> str | None:
        same_text = self._by_text.get(fingerprint)
        if not same_text or same_text[0].source_path == source_path:
            return None
        return same_text[0].doc_id

    def _nearest_earliest(
        self, signature: Signature | None, minhash: Any
    ) -> tuple[_Member | None, float | None]:
        if signature is None:
            return None, None
        confirmed = []
        for doc_id in self._lsh.query(minhash):
            member = self._members[doc_id]
            similarity = signature.jaccard(member.signature)
            if similarity >= self.threshold:
                confirmed.append((member.order, member, similarity))
        if not confirmed:
            return None, None
        _, member, similarity = min(confirmed, key=lambda found: found[0])
        return member, similarity


def _as_minhash(signature: Signature) -> Any:
    return _minhash_class()(
        num_perm=NUM_PERM,
        seed=SEED,
        hashvalues=signature.values,
        permutations=_permutations(),
        scheme=SCHEME,
    )
