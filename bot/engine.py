"""Build the engine from Settings: the archive on disk (a `retrieval.Library`) with its Segmenter."""

from __future__ import annotations

from bot.settings import Settings
from retrieval import DEFAULT_USERDICT, Library, Segmenter


def build_segmenter(settings: Settings) -> Segmenter:
    """Build the Segmenter: bundled user dictionary plus the optional extra one from settings."""
    userdicts = (DEFAULT_USERDICT, settings.userdict) if settings.userdict else (DEFAULT_USERDICT,)
    return Segmenter(userdicts, cache_dir=settings.data_dir / "cache")


def build_engine(settings: Settings) -> Library:
    """Build the archive's library from settings; the index is opened (or rebuilt) on first use."""
    return Library(settings.corpus_dir, settings.data_dir, build_segmenter(settings), settings.paper, settings.engine)
