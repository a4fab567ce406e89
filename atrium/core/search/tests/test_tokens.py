"""The tokeniser: every query a person may type is answered from the tokens its matches carry."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from atrium.core.search.tokens import (
    MAX_QUERY_PIECES,
    Term,
    document_text,
    document_tokens,
    is_index_token,
    normalise,
    query_plan,
)

CJK_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30
)
PHONES = st.text(alphabet="0123456789", min_size=5, max_size=15)


def _found_by_tokens(document: str, query: str) -> bool:
    """What the index does: every term present (prefix terms: some token starts with it) and every LIKE piece
    a substring of the stored text."""
    body = document_text([document])
    tokens = document_tokens(body)
    plan = query_plan(query)
    for term in plan.terms:
        if term.prefix:
            if not any(token.startswith(term.token) for token in tokens):
                return False
        elif term.token not in tokens:
            return False
    return all(piece in body for piece in plan.like_pieces)


@given(CJK_TEXT, st.data())
def test_any_substring_of_a_chinese_name_is_found(name, data):
    start = data.draw(st.integers(0, len(name) - 1))
    end = data.draw(st.integers(start + 1, len(name)))
    assert _found_by_tokens(f"客户 {name} 地址", name[start:end])


@given(PHONES, st.data())
def test_any_phone_fragment_of_three_digits_or_more_is_found_by_index_terms(phone, data):
    start = data.draw(st.integers(0, len(phone) - 3))
    end = data.draw(st.integers(start + 3, len(phone)))
    fragment = phone[start:end]
    plan = query_plan(fragment)
    assert plan.uses_index
    assert _found_by_tokens(f"电话 {phone}", fragment)


@given(st.text(max_size=60))
def test_any_text_gives_a_plan_whose_tokens_are_safe_to_inline(text):
    plan = query_plan(text)
    assert all(is_index_token(term.token) for term in plan.terms)
    assert all(is_index_token(piece) for piece in plan.like_pieces)


@given(st.text(max_size=60))
def test_every_document_token_is_a_plain_token(text):
    assert all(is_index_token(token) for token in document_tokens(document_text([text])))


def test_chinese_runs_give_characters_and_pairs():
    assert document_tokens("北京市") == {"北", "京", "市", "北京", "京市"}


def test_digit_runs_give_three_and_four_grams():
    assert document_tokens("13800") == {"138", "380", "800", "1380", "3800"}


def test_words_are_lowercased_and_email_split_at_punctuation():
    assert document_tokens(normalise("Zhang.San@Example.COM")) == {"zhang", "san", "example", "com"}


def test_full_width_text_is_normalised():
    assert normalise("ＡＢＣ１２３") == "abc123"


def test_short_queries_use_one_exact_token():
    assert query_plan("北").terms == [Term("北")]
    assert query_plan("北京").terms == [Term("北京")]
    assert query_plan("8000").terms == [Term("8000")]
    assert query_plan("zhang").terms == [Term("zhang", prefix=True)]
    assert query_plan("北京").like_pieces == []


def test_long_queries_use_covering_tokens_and_a_like_check():
    plan = query_plan("朝阳区装饰")
    assert plan.terms == [Term("朝阳"), Term("区装"), Term("装饰")]
    assert plan.like_pieces == ["朝阳区装饰"]


def test_pieces_without_index_tokens_are_checked_by_like_only():
    assert query_plan("a").terms == []
    assert query_plan("a").like_pieces == ["a"]
    assert query_plan("12").like_pieces == ["12"]


def test_mixed_piece_is_checked_as_typed():
    plan = query_plan("张三2")
    assert plan.terms == [Term("张三")]
    assert plan.like_pieces == ["张三2"]


def test_query_syntax_of_the_engines_is_only_punctuation_or_words():
    for text in ['"', "*", "-", "'", "%", "_", "\\", "()", ":", "&|!", '"北京" OR *']:
        plan = query_plan(text)
        assert all(is_index_token(term.token) for term in plan.terms)
    assert query_plan('"').is_empty
    assert query_plan("OR").terms == [Term("or", prefix=True)]
    assert query_plan("NEAR(a b)").terms == [Term("near", prefix=True)]


def test_very_long_queries_are_cut_to_a_few_pieces():
    plan = query_plan(" ".join(f"词{index}" for index in range(100)))
    assert len(plan.like_pieces) == MAX_QUERY_PIECES
