"""The engine: persistence round trip, rebuild on damage, incremental ingest, engines, CLI commands."""

from __future__ import annotations

import argparse
import json
import logging
import shutil
from pathlib import Path

import pytest

from bot.cli.index import register
from bot.engine import build_engine
from retrieval import Library
from retrieval import Segmenter, segment_files
from tests.conftest import SEED_ABBREVIATIONS, SEEDS, seed_settings

QUESTIONS = ("唐聚圈免费救助了多少先心病孩子", "5月14号城建例会谁主持的", "振德三期要承接哪些地方的内迁产能")


def _copy_shared(shared: Path, tmp: Path) -> Path:
    """Reuse the session's jieba cache and segments so a test does not segment the seeds again."""
    data = tmp / "data"
    shutil.copytree(shared / "cache", data / "cache")
    shutil.copytree(shared / "segments", data / "segments")
    return data


def test_save_load_round_trip_gives_identical_hits(seed_engine: Library, shared_data_dir: Path) -> None:
    reloaded = build_engine(seed_settings(shared_data_dir))
    for question in QUESTIONS:
        assert reloaded.search(question) == seed_engine.search(question)
    assert reloaded.archive is not None and reloaded.archive.newest == seed_engine.archive.newest


def test_corrupt_index_is_rebuilt_with_reason(
    seed_engine: Library, shared_data_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = _copy_shared(shared_data_dir, tmp_path)
    shutil.copytree(shared_data_dir / "index", data / "index")
    manifest = json.loads((data / "index/manifest.json").read_text(encoding="utf-8"))
    (segment,) = manifest["segments"]
    (data / "index" / segment["name"] / "rows.npy").write_bytes(b"not an array")
    with caplog.at_level(logging.WARNING, logger="bot.engine"):
        hits = build_engine(seed_settings(data)).search(QUESTIONS[0]).hits
    assert f"rebuilding the index: checksum mismatch in {segment['name']}/rows.npy" in caplog.messages
    assert hits == seed_engine.search(QUESTIONS[0]).hits


def test_unreadable_manifest_is_rebuilt(shared_data_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = _copy_shared(shared_data_dir, tmp_path)
    (data / "index").mkdir()
    (data / "index/manifest.json").write_text("{", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.engine"):
        assert build_engine(seed_settings(data)).search(QUESTIONS[0]).hits
    assert "manifest unreadable" in caplog.text


def test_an_index_without_the_abbreviation_table_is_rebuilt(
    shared_data_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = _copy_shared(shared_data_dir, tmp_path)
    shutil.copytree(shared_data_dir / "index", data / "index")
    path = data / "index/manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["aliases"] == [list(pair) for pair in SEED_ABBREVIATIONS]
    del manifest["aliases"]  # as an index built before abbreviations were collected
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="retrieval.archive"):
        engine = build_engine(seed_settings(data))
        assert engine.archive.synonyms.partners("佰强物业") == ("许昌佰强物业服务公司",)
    assert "rebuilding the index: manifest damaged: a manifest lacks 'aliases'" in caplog.messages
    assert json.loads(path.read_text(encoding="utf-8"))["aliases"] == [list(pair) for pair in SEED_ABBREVIATIONS]


@pytest.mark.slow
def test_adding_a_file_segments_only_that_file(shared_data_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "bad.txt").write_bytes(b"\x00\x01binary")
    engine = build_engine(seed_settings(_copy_shared(shared_data_dir, tmp_path), corpus))
    first = engine.ingest()
    assert (first.files, first.issues, first.segmented_files) == (6, 5, 0)
    assert [(p.source, p.reason) for p in first.problems] == [("bad.txt", "binary file (NUL bytes), not newspaper text")]
    text = (SEEDS / "003_ace193bdf1e9763c.txt").read_text(encoding="utf-8")
    (corpus / "005_extra.txt").write_text(text.replace("卢希望", "卢希望同志"), encoding="utf-8")
    second = build_engine(seed_settings(tmp_path / "data", corpus))
    second.open()  # notices the new file and rebuilds
    assert second.archive is not None and second.archive.ranker.num_docs > engine.archive.ranker.num_docs
    report = second.ingest()
    assert (report.issues, report.segmented_files) == (6, 0)


def test_rank_bm25_engine_finds_the_same_top_passage(seed_engine: Library, shared_data_dir: Path) -> None:
    okapi = build_engine(seed_settings(shared_data_dir, engine="rank-bm25"))
    for question in QUESTIONS:
        assert okapi.search(question, k=1).hits[0].passage == seed_engine.search(question, k=1).hits[0].passage


def _run(argv: list[str], data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="newsbot")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code = args.handler(args, seed_settings(data))
    return code, capsys.readouterr().out


def test_search_command_json_and_explain(seed_engine: Library, shared_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["search", "唐聚圈免费救助了多少先心病孩子", "-k", "2", "--json"], shared_data_dir, capsys)
    record = json.loads(out)
    assert code == 0 and record["status"] == "ok" and len(record["hits"]) == 2
    assert "87名" in record["hits"][0]["text"] and "救助" in record["hits"][0]["matched"]
    code, out = _run(["search", "开发区那14个重点项目一共打算投多少钱？", "-k", "1", "--explain"], shared_data_dir, capsys)
    assert code == 0 and "expanded: 打算投 → 计划投 计划投资 计划总投资 (weight 5.11)" in out.splitlines()
    matched = next(line for line in out.splitlines() if line.startswith("    matched: "))
    assert matched.endswith("项目 计划投 计划投资 计划总投资")  # matched: the partners it prints
    code, out = _run(["search", "2019年3月3日开了什么会", "--explain"], shared_data_dir, capsys)
    assert code == 1 and "date filter: 2019-03-03 至 2019-03-04" in out and out.endswith("该日期无存档；最近的日期：2020-08-14、2020-11-24\n")


def test_ingest_command_prints_a_summary(shared_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["ingest", str(SEEDS)], _copy_shared(shared_data_dir, tmp_path), capsys)
    assert code == 0 and out.startswith("ingested 5 file(s): 5 issue(s), 45 article(s), ")


def test_ingest_of_a_file_adds_it_and_fresh_starts_over(shared_data_dir: Path, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_5ebacb5347f1c782.txt", "001_41ee50b619f939c9.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    (corpus / "scan.txt").write_bytes(b"\x00\x01binary")  # unreadable: skipped
    engine = build_engine(seed_settings(_copy_shared(shared_data_dir, tmp_path), corpus))
    assert engine.ingest().issues == 2
    elsewhere = tmp_path / "inbox" / "003_ace193bdf1e9763c.txt"
    elsewhere.parent.mkdir()
    shutil.copy(SEEDS / elsewhere.name, elsewhere)
    added = engine.ingest([elsewhere])
    assert added.issues == 3  # added to the corpus folder's issues, not in place of them
    reopened = build_engine(seed_settings(tmp_path / "data", corpus))
    reopened.open()
    assert len(reopened.issues()) == 3
    assert reopened.refresh() is False  # the unreadable scan.txt is remembered, not "new" every time
    clash = tmp_path / "other" / "000_5ebacb5347f1c782.txt"
    clash.parent.mkdir()
    shutil.copy(SEEDS / "002_934f6e8f83eb08ea.txt", clash)
    report = engine.ingest([clash])
    assert report.issues == 3 and any("same file name" in p.reason for p in report.problems)
    with caplog.at_level(logging.INFO, logger="retrieval.archive"):
        assert engine.refresh() is False
    assert not any("refreshing" in m for m in caplog.messages)  # the clashing file is remembered, not "new"
    assert engine.ingest(fresh=True).issues == 2


def test_two_processes_segment_exactly_like_one(segmenter: Segmenter, tmp_path: Path) -> None:
    files = sorted(SEEDS.glob("*.txt"))
    one = segment_files(files, "许昌日报", segmenter, tmp_path / "one", workers=1)
    # parallel_bytes=0: fork two workers even for the small seeds, as ingest does for a large corpus
    two = segment_files(files, "许昌日报", segmenter, tmp_path / "two", workers=2, parallel_bytes=0)
    assert (two.files, two.problems, two.segmented_chars) == (one.files, one.problems, one.segmented_chars)
    assert two.segmented_files == len(files)


def test_an_empty_corpus_is_one_clear_line_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli.main import main

    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env here
    for argv in (["ask", "许昌有多少名党员"], ["digest"], ["repl"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith("newsbot: index unusable: no readable issue file in ") and "Traceback" not in err


def test_a_file_name_that_is_not_utf8_is_ingested_and_printed_escaped(
        seed_engine: Library, shared_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from bot.answer import answer
    from bot.cli.main import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = os.fsdecode(b"\xd6\xd0\xce\xc4.txt")  # 中文.txt in GB18030, as zips made on Chinese Windows name it
    shutil.copy(SEEDS / "003_ace193bdf1e9763c.txt", corpus / name)
    (corpus / os.fsdecode(b"\xb0\xd7.txt")).write_bytes(b"\x00\x01binary")
    engine = build_engine(seed_settings(_copy_shared(shared_data_dir, tmp_path), corpus))
    report = engine.ingest()
    assert report.issues == 1
    assert [p.source for p in report.problems] == ["\\xb0\\xd7.txt"]
    assert [i.source for i in engine.issues()] == ["\\xd6\\xd0\\xce\\xc4.txt"]
    result = answer(engine, "卢希望是谁")
    assert all(c.article_id.isprintable() for c in result.citations)
    reopened = build_engine(seed_settings(tmp_path / "data", corpus))
    reopened.open()
    assert reopened.refresh() is False and len(reopened.issues()) == 1
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env here
    capsys.readouterr()
    assert main(["issues"]) == 0
    out, err = capsys.readouterr()
    assert "\\xd6\\xd0\\xce\\xc4.txt" in out and err == "skipped \\xb0\\xd7.txt: binary file (NUL bytes), not newspaper text\n"


@pytest.mark.parametrize("k", ["0", "-3", "two"])
def test_search_k_below_one_is_a_usage_error(k: str, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli.main import main

    with pytest.raises(SystemExit) as stop:
        main(["search", "-k", k, "复工"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("newsbot search: error: argument -k: ")
