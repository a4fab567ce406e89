"""Pinyin words of names and the query plans of pinyin and mixed queries (no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from atrium.core.search.pinyin import MAX_PINYIN, line_tokens, name_spellings, pinyin_line, readings
from atrium.core.search.tokens import Term, document_text, document_tokens, query_plan

NAMES = st.text(alphabet="筑城装饰重庆长安银行单田芳乐行科技上海有限公司", min_size=1, max_size=16)


def test_the_stored_line_holds_each_character_s_readings_in_context_first():
    assert pinyin_line(["筑城装饰"]) == "zhu-cheng-zhuang-shi"
    assert pinyin_line(["重庆"]).startswith("chong|")  # 重庆 is read chongqing, though 重 is mostly zhong
    assert pinyin_line(["abc", ""]) == ""


def test_the_words_come_from_the_stored_line_alone():
    words = line_tokens("zhu-cheng-zhuang-shi")
    assert {"zhuchengzhuangshi", "chengzhuangshi", "zczs", "czs", "zs", "shi"} <= words
    assert all(len(word) > 1 for word in words)


def test_a_body_s_pinyin_line_gives_pinyin_words_and_no_other_tokens():
    body = document_text(["宁波"], pinyin_line(["宁波"]))
    assert {"宁", "波", "宁波", "ningbo", "nb", "bo"} <= document_tokens(body)


@given(NAMES, st.data())
def test_any_run_of_characters_is_found_by_its_pinyin_and_initials(name, data):
    words = line_tokens(pinyin_line([name]))
    start = data.draw(st.integers(0, len(name) - 1))
    end = data.draw(st.integers(start + 1, len(name)))
    syllables = [readings(char)[0] for char in name[start:end]]
    full, initials = "".join(syllables)[:MAX_PINYIN], "".join(s[0] for s in syllables)
    # The characters' most common readings, or the readings in context: one of them is indexed.
    in_context = pinyin_line([name]).split("-")[start:end]
    context_full = "".join(part.split("|")[0] for part in in_context)[:MAX_PINYIN]
    for wanted in (context_full, "".join(p.split("|")[0][0] for p in in_context)):
        if len(wanted) > 1:
            assert any(word.startswith(wanted) for word in words), (name, wanted)
    assert full and initials


def test_a_mixed_piece_is_found_as_typed_or_by_the_characters_pinyin():
    plan = query_plan("筑c")
    assert plan.terms == [Term("筑")]
    assert [e.like for e in plan.either] == ["筑c"]
    assert set(plan.either[0].terms) == {Term("zhuc", prefix=True), Term("zc", prefix=True)}
    assert plan.like_pieces == []


def test_a_long_word_also_tries_its_first_pinyin_letters():
    word = "shanghaizhuchengzhuangshi"
    plan = query_plan(word)
    assert plan.terms == []
    assert set(plan.either[0].terms) == {Term(word, prefix=True), Term(word[:MAX_PINYIN], prefix=True)}
    assert plan.uses_index


def test_ranking_spellings():
    assert name_spellings("筑城a8装饰") == ("zhuchenga8zhuangshi", "zca8zs")
    assert query_plan("zhu cheng").pinyin == ["zhucheng"]
    assert query_plan("筑c").pinyin == ["zhuc", "zc"]


def test_characters_alone_are_not_ranked_by_their_sound():
    assert query_plan("筑城").pinyin == []
    assert query_plan("筑城 138").pinyin == []
