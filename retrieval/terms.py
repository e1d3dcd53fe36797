"""Passages' terms as numbers: the sorted distinct terms once, then one integer per occurrence.

Strings are hashed once, where a file is segmented; the per-file cache keeps this form (a small
vocabulary and an array of numbers), and joining files for an index segment maps each file's
vocabulary, not each occurrence: building never looks a term up in a dictionary again.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True, eq=False)
class Terms:
    """Passages' terms: the sorted distinct terms, each occurrence's number among them, each passage's count."""

    vocab: np.ndarray  # str, ascending, distinct
    ids: np.ndarray  # int32, the passages' occurrences one after the other
    lengths: np.ndarray  # int64, occurrences per passage

    @staticmethod
    def of(passages: Sequence[Sequence[str]]) -> Terms:
        """Number the terms of passages (their order kept)."""
        vocab = sorted(set(itertools.chain.from_iterable(passages)))
        number = dict(zip(vocab, range(len(vocab))))
        lengths = np.fromiter(map(len, passages), np.int64, len(passages))
        ids = np.fromiter(map(number.__getitem__, itertools.chain.from_iterable(passages)), np.int32, int(lengths.sum()))
        return Terms(np.asarray(vocab, dtype=str) if vocab else np.zeros(0, "<U1"), ids, lengths)

    @staticmethod
    def join(parts: Sequence[Terms]) -> Terms:
        """Return the passages of parts, in order, numbered by their joint vocabulary."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return Terms(np.zeros(0, "<U1"), np.zeros(0, np.int32), np.zeros(0, np.int64))
        vocab = np.unique(np.concatenate([p.vocab for p in parts]))
        ids = [np.searchsorted(vocab, p.vocab).astype(np.int32)[p.ids] for p in parts]
        return Terms(vocab, np.concatenate(ids), np.concatenate([p.lengths for p in parts]))

    def __len__(self) -> int:
        return len(self.lengths)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Terms) and all(
            np.array_equal(getattr(self, a), getattr(other, a)) for a in ("vocab", "ids", "lengths"))

    __hash__ = None  # type: ignore[assignment]

    def passages(self) -> tuple[tuple[str, ...], ...]:
        """Return each passage's terms as strings."""
        words = self.vocab[self.ids].tolist()
        ends = np.cumsum(self.lengths).tolist()
        return tuple(tuple(words[a:b]) for a, b in zip([0, *ends[:-1]], ends))

    def slice(self, start: int, stop: int) -> Terms:
        """Return passages start..stop (the vocabulary kept whole)."""
        ends = np.concatenate(([0], np.cumsum(self.lengths)))
        return Terms(self.vocab, self.ids[ends[start] : ends[stop]], self.lengths[start:stop])
