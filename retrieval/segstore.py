"""Index segments on disk: immutable folders of term frequencies by term, checksummed, merged by streaming.

A segment holds some files' passages: for each term of its sorted vocabulary, the passages holding
it (ascending) and how often; each passage's length; each term's highest frequency and shortest
passage, and the same per block of BLOCK_POSTINGS postings with the block's last passage (the
bounds that let top-k skip passages, and whole blocks unread); and the passage table (file,
position, day, issue number). Scores are not stored: they depend on the whole archive's document frequencies and
mean length, which change as segments come and go, so they are computed at query time.
"""

from __future__ import annotations

import secrets
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.index import IndexFormatError, count_matrix
from retrieval.store import DocTable
from retrieval.terms import Terms

ARRAYS = ("vocab", "indptr", "rows", "tf", "lengths", "maxtf", "minlen", "blockptr", "blast", "bmaxtf", "bminlen",
          "file", "pos", "day", "issue_no")
BLOCK_POSTINGS = 128  # postings of a term per block: its bound (highest frequency, shortest passage) is kept
FULL_CHECK = 64 << 20  # files up to this size are checksummed whole
SAMPLES, BLOCK = 256, 64 << 10  # larger ones at their size and 256 blocks of 64 KB (16 MB read)
MERGE_POSTINGS = 16_000_000  # postings handled at once while merging: bounds a merge's memory (~0.3 GB)


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment's arrays (memory-mapped when loaded): postings by term, passage lengths, passage table."""

    name: str
    vocab: np.ndarray
    indptr: np.ndarray
    rows: np.ndarray
    tf: np.ndarray
    lengths: np.ndarray
    maxtf: np.ndarray
    minlen: np.ndarray
    blockptr: np.ndarray  # column c's blocks are blockptr[c]..blockptr[c+1]
    blast: np.ndarray  # each block's last passage
    bmaxtf: np.ndarray  # each block's highest frequency
    bminlen: np.ndarray  # each block's shortest passage
    docs: DocTable

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return len(self.lengths)

    def column(self, term: str) -> int:
        """Return the term's column, or -1 when no passage of this segment holds it."""
        at = int(np.searchsorted(self.vocab, term))
        return at if at < len(self.vocab) and self.vocab[at] == term else -1


def checksum(path: Path) -> int:
    """Return the CRC-32 of a file: of all its bytes up to FULL_CHECK, else of its size and SAMPLES spread blocks.

    Every array but a large segment's postings is checked whole. Postings past FULL_CHECK (a
    segment of ~1M passages) are checked at their size and at SAMPLES places: reading 3 GB of
    postings at each start would cost a cold `newsbot ask` over 10M passages seconds; truncation,
    a swapped or rewritten file, and damage to a sampled block are caught, a flipped byte elsewhere not.
    """
    size = path.stat().st_size
    crc = zlib.crc32(str(size).encode())
    with path.open("rb") as f:
        if size <= FULL_CHECK:
            while chunk := f.read(1 << 23):
                crc = zlib.crc32(chunk, crc)
            return crc
        for at in np.linspace(0, size - BLOCK, SAMPLES).astype(np.int64).tolist():
            f.seek(at)
            crc = zlib.crc32(f.read(BLOCK), crc)
    return crc


def _new_folder(index_dir: Path) -> Path:
    """Create an empty folder for a new segment; a killed writer leaves only an unlisted folder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / f"seg-{secrets.token_hex(6)}"
    path.mkdir()
    return path


def _finish(folder: Path, arrays: dict[str, np.ndarray]) -> dict[str, int]:
    """Save the arrays that are not saved yet; return every array file's checksum."""
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", array, allow_pickle=False)
    return {name: checksum(folder / f"{name}.npy") for name in ARRAYS}


def _term_bounds(indptr: np.ndarray, tf: np.ndarray, row_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each term's highest frequency and shortest passage holding it (0 for an empty column)."""
    starts = indptr[:-1]
    nonempty = np.diff(indptr) > 0
    maxtf = np.zeros(len(starts), np.int32)
    minlen = np.zeros(len(starts), np.int32)
    if len(tf):
        maxtf[nonempty] = np.maximum.reduceat(tf, starts[nonempty])
        minlen[nonempty] = np.minimum.reduceat(row_lengths, starts[nonempty])
    return maxtf, minlen


def _block_bounds(indptr: np.ndarray, rows: np.ndarray, tf: np.ndarray, row_lengths: np.ndarray,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the blocks of BLOCK_POSTINGS postings of each column: pointers, last passage, highest tf, shortest passage."""
    per_column = (np.diff(indptr) + BLOCK_POSTINGS - 1) // BLOCK_POSTINGS
    blockptr = np.zeros(len(per_column) + 1, np.int64)
    np.cumsum(per_column, out=blockptr[1:])
    column = np.repeat(np.arange(len(per_column)), per_column)
    starts = indptr[column] + BLOCK_POSTINGS * (np.arange(int(blockptr[-1])) - blockptr[column])
    if not len(starts):
        return blockptr, np.zeros(0, np.int32), np.zeros(0, tf.dtype), np.zeros(0, np.int32)
    ends = np.minimum(starts + BLOCK_POSTINGS, indptr[column + 1])
    # the blocks tile the postings in order: reduceat's runs between starts are exactly the blocks
    return (blockptr, np.asarray(rows[ends - 1], np.int32), np.maximum.reduceat(tf, starts),
            np.minimum.reduceat(row_lengths, starts).astype(np.int32))


def write_segment(index_dir: Path, terms: Terms, docs: DocTable) -> tuple[str, dict[str, int]]:
    """Write a segment of passages (their terms, their table); return its folder name and checksums."""
    vocab, ids = terms.vocab, terms.ids
    present = np.bincount(ids, minlength=len(vocab)) > 0
    if not present.all():  # a segment's vocabulary holds only its own terms
        vocab, ids = vocab[present], (np.cumsum(present, dtype=np.int32) - 1)[ids]
    by_term = count_matrix(ids, terms.lengths, len(vocab))
    lengths = terms.lengths.astype(np.int32)
    rows, tf = by_term.indices.astype(np.int32), by_term.data.astype(np.int32)
    col_ptr = by_term.indptr.astype(np.int64)
    maxtf, minlen = _term_bounds(col_ptr, tf, lengths[rows])
    blockptr, blast, bmaxtf, bminlen = _block_bounds(col_ptr, rows, _narrow(tf), lengths[rows])
    folder = _new_folder(index_dir)
    arrays = {"vocab": vocab if len(vocab) else np.zeros(0, "<U1"), "indptr": col_ptr,
              "rows": rows, "tf": _narrow(tf), "lengths": lengths, "maxtf": maxtf, "minlen": minlen,
              "blockptr": blockptr, "blast": blast, "bmaxtf": bmaxtf, "bminlen": bminlen,
              "file": docs.file, "pos": docs.pos, "day": docs.day, "issue_no": docs.issue_no}
    return folder.name, _finish(folder, arrays)


def _narrow(tf: np.ndarray) -> np.ndarray:
    """Store term frequencies in two bytes when they fit (they always do in newspaper passages)."""
    return tf.astype(np.uint16) if not len(tf) or int(tf.max()) < 2**16 else tf.astype(np.int32)


def load_segment(index_dir: Path, name: str, checksums: dict[str, int]) -> Segment:
    """Memory-map a segment after verifying each array's checksum; raise IndexFormatError if damaged."""
    folder = index_dir / name
    arrays = {}
    for array in ARRAYS:
        path = folder / f"{array}.npy"
        try:
            if checksum(path) != checksums.get(array):
                raise IndexFormatError(f"checksum mismatch in {name}/{array}.npy")
            arrays[array] = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))  # mapped, minus memmap overhead
        except (OSError, ValueError, EOFError) as exc:
            raise IndexFormatError(f"index arrays unreadable: {name}/{array}.npy: {exc}") from None
    docs = DocTable(*(np.asarray(arrays.pop(a)) for a in ("file", "pos", "day", "issue_no")))
    segment = Segment(name, docs=docs, **arrays)
    if not _consistent(segment):
        raise IndexFormatError(f"index arrays of {name} inconsistent with each other")
    return segment


def _consistent(seg: Segment) -> bool:
    """Check the shapes that a truncated or mixed-up file would break."""
    n, nnz, terms = seg.num_docs, len(seg.rows), len(seg.vocab)
    return (
        len(seg.indptr) == terms + 1 and int(seg.indptr[-1]) == nnz == len(seg.tf) and int(seg.indptr[0]) == 0
        and len(seg.maxtf) == len(seg.minlen) == terms
        and len(seg.blockptr) == terms + 1 and int(seg.blockptr[-1]) == len(seg.blast) == len(seg.bmaxtf) == len(seg.bminlen)
        and int(seg.blockptr[-1]) == int(np.sum((np.diff(seg.indptr) + BLOCK_POSTINGS - 1) // BLOCK_POSTINGS))
        and all(len(getattr(seg.docs, a)) == n for a in ("file", "pos", "day", "issue_no"))
        and (nnz == 0 or 0 <= int(seg.rows[-1]) < n)
    )


def merge_segments(index_dir: Path, parts: Sequence[tuple[Segment, np.ndarray | None]]) -> tuple[str, dict[str, int]]:
    """Write one segment holding the kept passages of parts, in order; a few postings in memory at a time.

    Each part comes with the files to keep (a bool per file of the segment; None keeps all), so a
    removed or changed file is dropped by rewriting its segment. Files and passages are renumbered.
    """
    keeps, file_maps, offset, file_offset = [], [], 0, 0
    for seg, keep_files in parts:
        keep_files = np.ones(int(seg.docs.file.max(initial=-1)) + 1, bool) if keep_files is None else keep_files
        keep = keep_files[seg.docs.file] if seg.num_docs else np.zeros(0, bool)
        new_id = np.full(seg.num_docs, -1, np.int64)
        new_id[keep] = offset + np.arange(int(keep.sum()))
        keeps.append((keep, new_id))
        file_maps.append(np.cumsum(keep_files) - 1 + file_offset)
        offset += int(keep.sum())
        file_offset += int(keep_files.sum())
    vocab = np.unique(np.concatenate([seg.vocab for seg, _ in parts])) if parts else np.zeros(0, "<U1")
    folder = _new_folder(index_dir)
    # passage table and lengths: small next to the postings, kept whole in memory
    lengths = np.concatenate([seg.lengths[k] for (seg, _), (k, _) in zip(parts, keeps)]).astype(np.int32)
    docs = {a: np.concatenate([np.asarray(getattr(seg.docs, a))[k] for (seg, _), (k, _) in zip(parts, keeps)])
            for a in ("pos", "day", "issue_no")}
    docs["file"] = np.concatenate([m[seg.docs.file[k]] for (seg, _), (k, _), m in zip(parts, keeps, file_maps)])
    live = [_live_postings(seg, _Reader(index_dir / seg.name / "rows.npy"), keep) for (seg, _), (keep, _) in zip(parts, keeps)]
    indptr = np.zeros(len(vocab) + 1, np.int64)
    for (seg, _), count in zip(parts, live):
        np.add.at(indptr, np.searchsorted(vocab, seg.vocab) + 1, count)
    np.cumsum(indptr, out=indptr)
    nnz = int(indptr[-1])
    wide = any(seg.tf.dtype != np.uint16 for seg, _ in parts)
    readers = [(_Reader(index_dir / seg.name / "rows.npy"), _Reader(index_dir / seg.name / "tf.npy")) for seg, _ in parts]
    maxtf, minlen = np.zeros(len(vocab), np.int32), np.zeros(len(vocab), np.int32)
    blocks: list[tuple[np.ndarray, ...]] = []
    # written front to back, column after column: file writes, not a memory map the whole output would stay in
    with (folder / "rows.npy").open("wb") as rows, (folder / "tf.npy").open("wb") as tf:
        np.lib.format.write_array_header_1_0(rows, _header(np.int32, nnz))
        np.lib.format.write_array_header_1_0(tf, _header(np.int32 if wide else np.uint16, nnz))
        for lo, hi in _chunks(indptr):
            r, f = _merged_columns(parts, readers, keeps, vocab, lo, hi)
            rows.write(r.astype(np.int32).tobytes())
            tf.write(f.astype(np.int32 if wide else np.uint16).tobytes())
            local = indptr[lo : hi + 1] - indptr[lo]
            maxtf[lo:hi], minlen[lo:hi] = _term_bounds(local, f, lengths[r])
            blocks.append(_block_bounds(local, r, f.astype(np.int32 if wide else np.uint16), lengths[r])[1:])
    blockptr = np.zeros(len(vocab) + 1, np.int64)
    np.cumsum((np.diff(indptr) + BLOCK_POSTINGS - 1) // BLOCK_POSTINGS, out=blockptr[1:])
    blast, bmaxtf, bminlen = (np.concatenate([b[i] for b in blocks]) if blocks else np.zeros(0, t)
                              for i, t in enumerate((np.int32, np.int32 if wide else np.uint16, np.int32)))
    arrays = {"vocab": vocab, "indptr": indptr, "lengths": lengths, "maxtf": maxtf, "minlen": minlen,
              "blockptr": blockptr, "blast": blast, "bmaxtf": bmaxtf, "bminlen": bminlen, **docs}
    return folder.name, _finish(folder, arrays)


def _header(dtype: type, count: int) -> dict[str, object]:
    return {"descr": np.dtype(dtype).str, "fortran_order": False, "shape": (count,)}


class _Reader:
    """Read ranges of a saved 1-d array with plain file reads: a merge touches each page once, keeps none mapped."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as f:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            _, _, self.dtype = read(f)
            self.offset = f.tell()

    def __getitem__(self, span: slice) -> np.ndarray:
        count = span.stop - span.start
        if count <= 0:
            return np.zeros(0, self.dtype)
        return np.fromfile(self.path, self.dtype, count, offset=self.offset + span.start * self.dtype.itemsize)


def _live_postings(seg: Segment, rows: _Reader, keep: np.ndarray) -> np.ndarray:
    """Return how many kept passages hold each term of the segment, reading its postings in chunks."""
    if keep.all():
        return np.diff(seg.indptr)
    counts = np.zeros(len(seg.vocab), np.int64)
    nnz = len(seg.rows)
    for start in range(0, nnz, MERGE_POSTINGS):
        end = min(start + MERGE_POSTINGS, nnz)
        c0 = int(np.searchsorted(seg.indptr, start, side="right")) - 1
        c1 = int(np.searchsorted(seg.indptr, end - 1, side="right")) - 1
        spans = np.diff(np.clip(seg.indptr[c0 : c1 + 2], start, end))
        col = np.repeat(np.arange(c1 - c0 + 1), spans)
        counts[c0 : c1 + 1] += np.bincount(col[keep[rows[start:end]]], minlength=c1 - c0 + 1)
    return counts


def _chunks(indptr: np.ndarray) -> list[tuple[int, int]]:
    """Split the merged columns into runs of about MERGE_POSTINGS postings."""
    bounds = np.searchsorted(indptr, np.arange(MERGE_POSTINGS, int(indptr[-1]), MERGE_POSTINGS))
    cuts = sorted({0, *bounds.tolist(), len(indptr) - 1})
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _merged_columns(parts: Sequence[tuple[Segment, np.ndarray | None]], readers: list[tuple[_Reader, _Reader]],
                    keeps: list[tuple[np.ndarray, np.ndarray]], vocab: np.ndarray, lo: int, hi: int,
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Return the merged postings (new passage ids, frequencies) of merged columns lo..hi, by column then passage.

    Each part's postings of a column go after the earlier parts' (parts come in passage order):
    placed by counting, not sorted.
    """
    pieces = []
    for (seg, _), (rows_of, tf_of), (keep, new_id) in zip(parts, readers, keeps):
        a = int(np.searchsorted(seg.vocab, vocab[lo])) if hi > lo else 0
        b = int(np.searchsorted(seg.vocab, vocab[hi - 1], side="right")) if hi > lo else 0
        if b <= a:
            continue
        start, end = int(seg.indptr[a]), int(seg.indptr[b])
        local = np.repeat(np.searchsorted(vocab, seg.vocab[a:b]) - lo, np.diff(seg.indptr[a : b + 1]))
        r = rows_of[start:end]
        kept = keep[r]
        col = local[kept]
        pieces.append((col, np.bincount(col, minlength=hi - lo), new_id[r[kept]], tf_of[start:end][kept]))
    if not pieces:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    counts = sum(p[1] for p in pieces)
    rows = np.empty(int(counts.sum()), np.int32)
    tfs = np.empty(len(rows), np.result_type(*(p[3] for p in pieces)))
    fill = np.cumsum(counts) - counts  # where each column's next posting goes
    for col, count, r, f in pieces:
        at = fill[col] + np.arange(len(col)) - (np.cumsum(count) - count)[col]
        rows[at], tfs[at] = r, f
        fill += count
    return rows, tfs
