"""Rendering answers and articles: plain text, Telegram HTML split at sentence ends, JSON."""

from __future__ import annotations

import datetime as dt

import re
from html.parser import HTMLParser

from bot.answer.ask import answer
from retrieval import Library
from bot.render.answer import (TELEGRAM_LIMIT, answer_record, article_html, article_text, citation_line, render_html,
                        render_text, split_html)
from bot.answer.values import Answer, Citation, Headline

CITATION = Citation(1, "许昌日报", dt.date(2021, 3, 3), 9382, "重点企业全复工 力争首季“开门红”", "记者 魏东雅", "001.txt", "001-03")


class _TagChecker(HTMLParser):
    """Collect the tag stack; a message is well formed when every tag it opens it closes."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def _well_formed(message: str) -> bool:
    checker = _TagChecker()
    checker.feed(message)
    return not checker.stack and not checker.errors and not re.search(r"<[^>]*$|&\w*$", message)


def test_answer_renders_as_text_and_escaped_html() -> None:
    result = Answer("复工了吗？", "是非", True, short="<全部>", quote="重点企业 & 项目全部复工。", citations=(CITATION,))
    assert render_text(result) == (
        "答：<全部>\n“重点企业 & 项目全部复工。”[1]\n"
        "[1] 《许昌日报》2021年3月3日 第9382期《重点企业全复工 力争首季“开门红”》（记者 魏东雅）"
    )
    assert render_html(result) == [
        "<b>答：</b>&lt;全部&gt;\n<blockquote>重点企业 &amp; 项目全部复工。[1]</blockquote>\n"
        "[1] 《许昌日报》2021年3月3日 第9382期《重点企业全复工 力争首季“开门红”》（记者 魏东雅）"
    ]


def test_refusal_lists_the_closest_headlines_and_a_reason_replaces_the_plain_refusal() -> None:
    refused = Answer("火星上有什么？", "列举", False, hits=(("a-01", "甲", 1.0),), closest=(Headline("a-01", "甲"), Headline("b-01", "乙")))
    assert render_text(refused) == "存档中没有找到能回答这个问题的内容。\n最接近的报道：《甲》；《乙》"
    no_archive = Answer("1990年的报纸", "哪天的报纸", False, notes=("日期范围：1990-01-01 至 1990-12-31",), reason="该日期无存档")
    assert render_text(no_archive) == "日期范围：1990-01-01 至 1990-12-31\n该日期无存档"
    assert render_html(no_archive) == ["<i>日期范围：1990-01-01 至 1990-12-31</i>\n该日期无存档"]
    assert answer_record(no_archive)["notes"] == ["日期范围：1990-01-01 至 1990-12-31", "该日期无存档"]


def test_json_record_has_the_documented_keys() -> None:
    record = answer_record(Answer("问", "数量", True, short="3个", quote="有3个。", citations=(CITATION,)))
    assert list(record) == ["question", "type", "answered", "answer", "quote", "citations", "hits", "notes"]
    assert list(record["citations"][0]) == ["n", "paper", "date", "issue_no", "headline", "byline", "source", "article_id",
                                              "section"]
    assert record["citations"][0]["section"] == ""


def test_a_continued_article_is_cited_by_its_title_then_the_section() -> None:
    continued = Citation(1, "许昌日报", dt.date(2021, 10, 13), None, "续文：以创新驱动产业高质量发展,走好华山一…", "",
                         "000_5ebacb5347f1c782.txt", "000_5ebacb5347f1c782-02", "项目加速,“以结果论英雄”")
    line = "[1] 《许昌日报》2021年10月13日《续文：以创新驱动产业高质量发展,走好华山一…·项目加速,“以结果论英雄”》"
    result = Answer("开发区有多少个项目列入省级市级重点项目", "数量", True, short="14个", quote="开发区有14个项目。",
                    citations=(continued,))
    assert render_text(result).splitlines()[-1] == line
    assert render_html(result)[0].splitlines()[-1] == line
    assert answer_record(result)["citations"][0]["section"] == "项目加速,“以结果论英雄”"


def test_long_html_splits_at_sentence_ends_within_the_limit() -> None:
    sentence = "许昌市推进城市基层党建，" * 9 + "成效明显。"  # 113 characters, ends a sentence
    blocks = ["<b>标题</b>", "<blockquote>" + sentence * 60 + "</blockquote>", "尾注 &amp; 说明"]
    messages = split_html(blocks, limit=1000)
    assert len(messages) > 6
    for message in messages:
        assert len(message) <= 1000 and _well_formed(message)
    body = [re.sub(r"</?blockquote>", "", m) for m in messages[1:-1]]
    assert all(part.endswith("成效明显。") for part in body)  # cut after a sentence, never inside
    joined = re.sub(r"<[^>]+>|\n", "", "".join(messages))
    assert joined == re.sub(r"<[^>]+>|\n", "", "".join(blocks))  # nothing lost, nothing doubled


def test_a_sentence_longer_than_a_message_is_cut_between_characters_not_entities() -> None:
    text = "甲&amp;" * 3000
    messages = split_html([f"<i>{text}</i>"], limit=TELEGRAM_LIMIT)
    assert all(len(m) <= TELEGRAM_LIMIT and _well_formed(m) for m in messages)
    assert "".join(re.sub(r"</?i>", "", m) for m in messages) == text


def test_article_renders_whole_with_its_citation_line(seed_engine: Library) -> None:
    issue = next(i for i in seed_engine.issues() if i.issue_no == 9382)
    article = next(a for a in issue.articles if a.headline.startswith("重点企业全复工"))
    line = citation_line(issue, article)
    assert line == "《许昌日报》2021年3月3日 第9382期《重点企业全复工 力争首季“开门红”》（记者 魏东雅 通讯员 刘梦婷）"
    text = article_text(issue, article)
    assert text.startswith(line + "\n\n重点企业全复工") and article.text in text
    pages = article_html(issue, article)
    assert all(len(p) <= TELEGRAM_LIMIT and _well_formed(p) for p in pages)
    assert pages[0].startswith("<b>重点企业全复工")


def test_a_real_answer_renders_the_same_facts_in_every_shape(seed_engine: Library) -> None:
    result = answer(seed_engine, "有多少名党员到社区报到？")
    text, html, record = render_text(result), "".join(render_html(result)), answer_record(result)
    assert result.answered and "9795名党员到社区报到" in record["quote"]
    assert f"“{result.quote}”[1]" in text and f"{result.short}" in text and result.short in html
    assert str(result.citations[0]) in text and str(result.citations[0]).replace('"', "&quot;") in html


def test_escaped_characters_never_move_a_cut_inside_a_sentence() -> None:
    sentences = [f"第{i}句：许昌市&lt;数字化&gt;城管 &amp; “考核”。" for i in range(400)]
    messages = split_html(["<blockquote>" + "".join(sentences) + "</blockquote>"])
    assert len(messages) > 1
    for message in messages:
        assert len(message) <= TELEGRAM_LIMIT and _well_formed(message)
        assert re.sub(r"</?blockquote>", "", message).endswith("“考核”。")  # cut only after a sentence
    assert "".join(re.sub(r"</?blockquote>", "", m) for m in messages) == "".join(sentences)
