"""A small archive of the seeds plus synthetic issues on other dates, for browsing, 历年今日 and alerts.

The synthetic issues are seed pages given another masthead: the same text under another date and
issue number, so every article, byline and kicker is real seed text. Registered as a pytest plugin
(conftest.py's `pytest_plugins`): fixtures `synthetic_corpus` (the folder) and `synthetic_engine`
(a Library over it, index built). Building one costs about a second: the seeds' segments are reused.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.engine import build_engine
from retrieval import Library
from retrieval.parse import split_masthead
from tests.conftest import SEEDS, seed_settings

_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One synthetic page: the seed whose text it copies, and the masthead it is given."""

    name: str
    seed: str  # three-digit prefix of the seed file
    date: dt.date
    issue_no: int | None
    page: str = ""  # a page label line printed under the masthead


# 2021-03-03 (seed 001, 第9382期) gets a second page and two earlier years' 03-03 issues;
# 2020-01-05 is the archive's oldest issue, a day no other year shares.
SYNTHETIC = (
    Synthetic("101_syn_20200303.txt", "001", dt.date(2020, 3, 3), 9020),
    Synthetic("102_syn_20190303.txt", "003", dt.date(2019, 3, 3), 8660),
    Synthetic("103_syn_20210303_p2.txt", "004", dt.date(2021, 3, 3), None, "第二版 要闻"),
    Synthetic("104_syn_20200105.txt", "002", dt.date(2020, 1, 5), 8970),
)


def masthead(date: dt.date, issue_no: int | None, page: str = "") -> str:
    """Return masthead lines for a date (with its weekday) and issue number, and a page label line."""
    lines = ["许昌日报", f"{date.year}年{date.month}月{date.day}日 星期{_WEEKDAYS[date.weekday()]}"]
    if issue_no is not None:
        lines.append(f"许昌日报社出版 第{issue_no}期")
    if page:
        lines.append(page)
    return "\n\n".join(lines) + "\n\n"


def write_synthetic(folder: Path) -> Path:
    """Copy the seeds into folder and write the synthetic pages beside them; return folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for page in SYNTHETIC:
        [seed] = SEEDS.glob(f"{page.seed}_*.txt")
        _, body = split_masthead(seed.read_text(encoding="utf-8").split("\n"))
        (folder / page.name).write_text(masthead(page.date, page.issue_no, page.page) + "\n".join(body),
                                        encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the seeds and the synthetic pages."""
    return write_synthetic(tmp_path_factory.mktemp("synthetic-corpus"))


@pytest.fixture(scope="session")
def synthetic_data_dir(tmp_path_factory: pytest.TempPathFactory, seed_engine: Library, shared_data_dir: Path) -> Path:
    """Return a data folder for the synthetic archive, seeded with the seeds' caches (segments are reused)."""
    data = tmp_path_factory.mktemp("synthetic-data")
    for name in ("cache", "segments"):
        shutil.copytree(shared_data_dir / name, data / name)
    return data


@pytest.fixture(scope="session")
def synthetic_engine(synthetic_corpus: Path, synthetic_data_dir: Path) -> Library:
    """Return an engine over the seeds plus the synthetic pages, index built."""
    engine = build_engine(seed_settings(synthetic_data_dir, synthetic_corpus))
    engine.open()
    return engine
