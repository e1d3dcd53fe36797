"""Daily digests of the seed issues: summaries, keywords, the three renderings, `newsbot digest`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.digest import Digest, build_digest, issue_digests, summarise
from bot.digest.build import candidate_sentences
from bot.render.digest import TELEGRAM_LIMIT, digest_record, render_html, render_text, telegram_length
from retrieval import Library
from retrieval import Article, Issue, Paragraph
from retrieval.segment import Segmenter
from tests.conftest import SEEDS

MARCH_3 = dt.date(2021, 3, 3)
JUMP_OR_CREDIT = re.compile(r"本报讯|本报\(|[（(](?:本报)?记者|上接第|下转第|详见|▶|▲|[（(]?\S{0,8}摄[)）]?$")


@pytest.fixture(scope="module")
def digests(seed_engine: Library) -> dict[str, Digest]:
    """Return the digest of every seed issue, keyed by the file's three-digit prefix."""
    return {i.source[:3]: build_digest(i, seed_engine.segmenter, seed_engine.archive.ranker.weights)
            for i in seed_engine.issues()}


def _summary(digests: dict[str, Digest], article_id: str) -> str:
    return next(i.summary for i in digests[article_id[:3]].items if i.article_id == article_id)


def test_news_leads_are_chosen_without_the_byline_lead_in(digests: dict[str, Digest]) -> None:
    # The lead says what happened and echoes the headline (复工; 市政协党组扩大会议召开);
    # "本报讯(记者魏东雅通讯员刘梦婷)" in front of it is the byline, not the news.
    assert _summary(digests, "001_41ee50b619f939c9-01") == (
        "3月1日,记者从市工信局获悉,截止到当天上午10时,全市百户重点企业复工率100%,"
        "1522家规模以上工业企业已复工复产1513家,复工率超过99%,达到应复尽复。")
    assert _summary(digests, "001_41ee50b619f939c9-04") == "3月2日上午,市政协党组扩大会议召开。"
    assert _summary(digests, "003_ace193bdf1e9763c-03") == (
        "5月14日,许昌市统筹县级融媒体中心和新时期文明实践中心建设工作推进会在长葛市召开。")


def test_photo_caption_skips_arrows_and_sentences_that_lean_on_another(digests: dict[str, Digest]) -> None:
    # 曝光台: "这种不文明行为…" and "且此处垃圾…" only make sense after the sentence before them.
    assert _summary(digests, "004_51f39b9f8458e720-06") == "8月13日,市区八一路东段,人行道上乱停乱放。"
    assert _summary(digests, "001_41ee50b619f939c9-02") == "近日,许继智能继电器股份有限公司生产车间,员工在组装智能电器设备。"


def test_briefs_have_no_summary_and_advertisements_are_left_out(digests: dict[str, Digest]) -> None:
    march = digests["001"]
    assert [i.article_id[-2:] for i in march.items] == ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    assert [i.summary for i in march.items[5:8]] == ["", "", ""]  # 赵文峰…提出要求: headline-only briefs
    assert march.items[0].byline == "记者 魏东雅 通讯员 刘梦婷"


def test_a_clause_cut_at_a_semicolon_ends_with_an_ellipsis(digests: dict[str, Digest]) -> None:
    summary = _summary(digests, "001_41ee50b619f939c9-05")
    assert summary.endswith("…") and "；" not in summary[-2:] and ";" not in summary[-2:]


def test_no_summary_is_a_byline_jump_marker_credit_or_fragment(seed_engine: Library, digests: dict[str, Digest]) -> None:
    for digest in digests.values():
        for item in digest.items:
            found = seed_engine.article(item.article_id)
            assert found is not None
            _, article = found
            if not item.summary:
                assert not candidate_sentences(article), item.article_id
                continue
            body = re.sub(r"\s+", "", article.text)
            assert not JUMP_OR_CREDIT.search(item.summary), item
            assert item.summary.rstrip("…").rstrip("；;") in body, item  # extractive: printed as is
            assert len(re.findall(r"[\u4e00-\u9fff0-9]", item.summary)) >= 12, item
            assert not re.fullmatch(r"[^，,]{2,30}说。", item.summary), item


def test_a_quotation_stays_whole_with_its_speaker(seed_issues: dict[str, Issue]) -> None:
    article = next(a for a in seed_issues["003"].articles if a.id.endswith("-05"))
    sentences = candidate_sentences(article)
    assert "“关心爱护下一代,为他们营造良好的成长环境,是我们老干部义不容辞的责任。我们要让孩子们在灿烂的阳光下快乐成长!”" \
           "禹州市委老干部局局长刘金创说。" in sentences
    assert all(not s.endswith("刘金创说。") or s.startswith("“") for s in sentences)


def test_one_sentence_articles_and_jump_markers(segmenter: Segmenter) -> None:
    lone = Article("x-00", "x.txt", 0, "标题", paragraphs=(
        Paragraph("本报讯(记者张三)近日,我市举办了一场别开生面的读书分享活动。(下转第二版)"),
        Paragraph("本报记者 李四 摄"),
        Paragraph("(上接第一版)"),
        Paragraph("10月12日下午。"),
    ))
    assert summarise(lone, segmenter) == "近日,我市举办了一场别开生面的读书分享活动。"
    cut = Article("y-00", "y.txt", 0, "标题", paragraphs=(Paragraph("会议指出,要扎实做好整治工作的“后半篇”文章,在推进城乡建设上走在前、"),))
    assert summarise(cut, segmenter) == "会议指出,要扎实做好整治工作的“后半篇”文章,在推进城乡建设上走在前…"
    assert summarise(Article("z-00", "z.txt", 0, "只有标题", kind="brief"), segmenter) == ""


def test_keywords_are_content_words_of_the_day(digests: dict[str, Digest], segmenter: Segmenter) -> None:
    assert "南水北调" in digests["003"].keywords  # the page's long feature is about it
    assert "复工" in digests["001"].keywords  # headline and lead of the top story
    for digest in digests.values():
        assert 1 <= len(digest.keywords) <= 8
        for word in digest.keywords:
            assert len(word) > 1 and word not in segmenter.stopwords and not re.search(r"\d", word), word
        assert all(a not in b for a in digest.keywords for b in digest.keywords if a != b)


def test_keywords_without_the_archive_use_the_issue_itself(seed_issues: dict[str, Issue], segmenter: Segmenter) -> None:
    digest = build_digest(seed_issues["003"], segmenter)
    assert "南水北调" in digest.keywords and len(digest.keywords) == 8


def test_text_rendering(digests: dict[str, Digest]) -> None:
    lines = render_text(digests["001"]).splitlines()
    assert lines[0] == "《许昌日报》2021年3月3日 第9382期 今日摘要（10篇）"
    assert lines[1].startswith("关键词：") and " · " in lines[1]
    assert lines[2:5] == ["", "1. 重点企业全复工 力争首季“开门红”（记者 魏东雅 通讯员 刘梦婷）",
                          "   " + digests["001"].items[0].summary]
    assert "6. 赵文峰对污染防治攻坚和“无废城市”建设试点工作提出要求" in lines


def test_html_fits_one_message_and_escapes(digests: dict[str, Digest]) -> None:
    messages = render_html(digests["002"])
    assert len(messages) == 1 and messages[0].items == tuple(range(1, 8))
    html = messages[0].html
    assert html.startswith("<b>《许昌日报》2020年11月24日 第9315期</b> 今日摘要（7篇）\n<i>关键词：")
    assert "<b>1. 优化城市治理的&quot;许昌样板&quot;</b>" in html
    first = dataclasses.replace(digests["002"].items[0], headline="A<B>&C")
    tricky = dataclasses.replace(digests["002"], items=(first,))
    assert "<b>1. A&lt;B&gt;&amp;C</b>" in render_html(tricky)[0].html


@pytest.mark.parametrize("limit", [1000, 1500, TELEGRAM_LIMIT])
def test_html_splits_between_articles(digests: dict[str, Digest], limit: int) -> None:
    for digest in digests.values():
        messages = render_html(digest, limit)
        assert [n for m in messages for n in m.items] == list(range(1, len(digest.items) + 1))
        for message in messages:
            assert telegram_length(message.html) <= limit
            assert message.html.count("<b>") == message.html.count("</b>")
            assert message.html.count("<i>") == message.html.count("</i>")
            for n in message.items:  # each item whole in its message: number, headline, summary
                assert f"<b>{n}. " in message.html
    assert len(render_html(digests["003"], 1000)) > 1


def test_an_overlong_summary_is_shortened_to_fit(digests: dict[str, Digest]) -> None:
    item = digests["001"].items[0]
    huge = dataclasses.replace(digests["001"], items=(dataclasses.replace(item, summary=item.summary * 80),))
    messages = render_html(huge)
    assert len(messages) == 2 and messages[1].items == (1,)
    assert telegram_length(messages[1].html) <= TELEGRAM_LIMIT and "…" in messages[1].html


def test_json_record(digests: dict[str, Digest]) -> None:
    record = digest_record(digests["001"])
    assert list(record) == ["paper", "date", "issue_no", "source", "keywords", "items"]
    assert (record["date"], record["issue_no"], record["source"]) == ("2021-03-03", 9382, "001_41ee50b619f939c9.txt")
    assert record["items"][0] == {
        "n": 1, "article_id": "001_41ee50b619f939c9-01", "headline": "重点企业全复工 力争首季“开门红”",
        "summary": digests["001"].items[0].summary, "byline": "记者 魏东雅 通讯员 刘梦婷"}
    json.dumps(record, ensure_ascii=False)


def test_issue_digests_newest_and_by_date(seed_engine: Library) -> None:
    (newest,) = issue_digests(seed_engine)
    assert newest.date == dt.date(2021, 10, 13) and newest.source.startswith("000_")
    assert [d.issue_no for d in issue_digests(seed_engine, MARCH_3)] == [9382]
    assert issue_digests(seed_engine, dt.date(2021, 3, 4)) == ()


@pytest.fixture()
def corpus_env(seed_engine: Library, shared_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the command line at the seeds, with a data folder holding the session's caches."""
    data = tmp_path / "data"
    for part in ("cache", "segments"):
        shutil.copytree(shared_data_dir / part, data / part)
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(SEEDS))
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(data))
    monkeypatch.chdir(tmp_path)
    return data


def test_digest_command(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--date", "2021-03-03"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("《许昌日报》2021年3月3日 第9382期 今日摘要（10篇）\n关键词：")
    assert main(["digest", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["date"] == "2021-10-13" and len(record["items"]) == 9


def test_digest_command_for_a_day_without_an_issue(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--date", "2021-03-04"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("newsbot: no issue dated 2021-03-04 in the archive; "
                            "nearest: 2020-11-24, 2021-03-03, 2021-05-15\n")
