"""Tokenising for the search index: the same rules for the records' text and for what people type.

The text is normalised (NFKC, so full-width digits and letters become ASCII; case-folded) and cut into runs:

- a run of CJK characters gives every character and every adjacent pair (北京市 → 北 京 市 北京 京市), so a
  query of any length is the AND of a few of those tokens;
- a run of digits gives every 3-gram and 4-gram (13800138000 → 138 380 800 … 1380 3800 …), so any phone
  fragment of 3 digits or more is found;
- a run of other letters (latin words, also the parts of an e-mail address split at ``.``, ``@``, ``-`` …)
  gives the word; a query word matches words that start with it (a prefix query).

A query becomes a ``QueryPlan``: the index tokens that every match must have (AND), plus the query's pieces
that the stored text must contain (``LIKE``) where the tokens alone could match a false positive (CJK runs of 3
characters or more, digit runs of 5 or more: their tokens may occur apart) or where a piece gives no token at
all (1–2 digits, a single letter). Punctuation in the query only separates pieces, so quotes, ``*``, ``-``,
``NEAR`` or ``OR`` never reach the index engines as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from atrium.core.search.pinyin import MARK, MAX_PINYIN, line_tokens, query_readings

MAX_WORD = 40  # longer words are cut; a query word is cut the same way and stays a prefix of the indexed one
MAX_QUERY_PIECES = 12  # more pieces add nothing but cost; the rest of a long query is ignored

# Hiragana and katakana (without their punctuation ゠ ・), CJK ideographs (extension A, unified, compatibility,
# extensions B–G) and hangul syllables.
_CJK = (
    "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_RUN = re.compile(rf"(?P<digits>[0-9]+)|(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_0-9{_CJK}]+)")
_TOKEN_CHARS = re.compile(rf"(?:[0-9{_CJK}]|[^\W_])+")

CJK, DIGITS, WORD = "cjk", "digits", "word"


def normalise(text: str) -> str:
    """The form both the stored text and the query are compared in."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def runs(text: str) -> Iterator[tuple[str, str]]:
    """(class, run) for each maximal run of one character class in already normalised text."""
    for match in _RUN.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        yield kind, match.group()


def document_tokens(normalised_text: str) -> set[str]:
    """The index tokens of a record's (normalised) text: CJK characters and pairs, digit 3- and 4-grams,
    words, and the pinyin words of its pinyin line (after ``pinyin.MARK``, see ``document_text``). Written
    for speed: ``rebuild_index`` tokenises a million records."""
    normalised_text, _mark, pinyin = normalised_text.partition(MARK)
    tokens: set[str] = line_tokens(pinyin) if pinyin else set()
    for match in _RUN.finditer(normalised_text):
        run, kind = match.group(), match.lastgroup
        if kind == CJK:
            tokens.update(run)
            tokens.update([run[index : index + 2] for index in range(len(run) - 1)])
        elif kind == DIGITS:
            tokens.update([run[index : index + 3] for index in range(len(run) - 2)])
            tokens.update([run[index : index + 4] for index in range(len(run) - 3)])
        else:
            tokens.add(run[:MAX_WORD])
    return tokens


def document_text(values: Iterable[str], pinyin: str = "") -> str:
    """A record's searchable text: its values normalised, one per line (so no piece spans two fields), then
    the readings of the names found by pinyin (``pinyin.pinyin_line``) after ``pinyin.MARK``."""
    text = "\n".join(_clean(normalise(value)) for value in values if value)
    return f"{text}\n{MARK}{pinyin}" if pinyin else text


def _clean(text: str) -> str:
    return text.replace("\x00", "").replace(MARK, " ")


def is_index_token(token: str) -> bool:
    """True for what the tokeniser can produce (letters, digits, CJK): safe to put inside a quoted literal."""
    return _TOKEN_CHARS.fullmatch(token) is not None


def _covering_grams(run: str, size: int) -> list[str]:
    """Few grams that together cover the whole run (every ``size``-th one, plus the last)."""
    grams = [run[index : index + size] for index in range(0, len(run) - size + 1, size)]
    last = run[-size:]
    if grams[-1] != last:
        grams.append(last)
    return grams


@dataclass(frozen=True)
class Term:
    """One token of a query; ``prefix`` terms match every token that starts with them."""

    token: str
    prefix: bool = False


@dataclass(frozen=True)
class Either:
    """A piece that matches in one of several ways: any of ``terms`` (pinyin spellings), or — when ``like``
    is set — the stored text containing ``like`` as typed."""

    terms: tuple[Term, ...]
    like: str | None = None


@dataclass
class QueryPlan:
    terms: list[Term] = field(default_factory=list)
    like_pieces: list[str] = field(default_factory=list)
    either: list[Either] = field(default_factory=list)
    pinyin: list[str] = field(default_factory=list)  # the query's spellings in letters (ranking)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.like_pieces and not self.either

    @property
    def uses_index(self) -> bool:
        return bool(self.terms) or any(either.like is None for either in self.either)


def _piece_terms(run_class: str, run: str) -> tuple[list[Term], bool]:
    """The terms of one run of a query, and whether they alone prove the run occurs in the text."""
    if run_class == CJK:
        if len(run) <= 2:
            return [Term(run)], True
        return [Term(gram) for gram in _covering_grams(run, 2)], False
    if run_class == DIGITS:
        if len(run) < 3:
            return [], False
        if len(run) <= 4:
            return [Term(run)], True
        return [Term(gram) for gram in _covering_grams(run, 4)], False
    if len(run) < 2:
        return [], False
    return [Term(run[:MAX_WORD], prefix=True)], len(run) <= MAX_WORD


def _pinyin_either(piece: str, piece_runs: list[tuple[str, str]]) -> Either | None:
    """How a piece is also found by pinyin: a word longer than pinyin words are indexed (its first
    ``MAX_PINYIN`` letters too), or Chinese characters mixed with letters (筑c: the characters read as
    pinyin or initials, and the piece as typed)."""
    classes = {run_class for run_class, _run in piece_runs}
    if classes == {WORD} and len(piece) > MAX_PINYIN:
        return Either((Term(piece[:MAX_WORD], prefix=True), Term(piece[:MAX_PINYIN], prefix=True)))
    if classes != {CJK, WORD}:
        return None
    spellings = dict.fromkeys(
        spelling[:MAX_PINYIN]
        for pair in query_readings(piece)
        for spelling in pair
        if len(spelling) > 1 and spelling.isascii()
    )
    if not spellings:
        return None
    return Either(tuple(Term(spelling, prefix=True) for spelling in spellings), like=piece)


def _pinyin_spellings(pieces: list[str]) -> list[str]:
    """The query in letters, as pinyin ranking compares it: the words run together, or each mixed piece's
    spellings."""
    letters = [piece for piece in pieces if piece.isascii() and piece.isalpha()]
    if len(letters) == len(pieces):
        return ["".join(letters)] if letters else []
    if len(pieces) != 1 or {run_class for run_class, _run in runs(pieces[0])} != {CJK, WORD}:
        return []  # characters alone are matched as characters, not by their sound
    return [spelling for pair in query_readings(pieces[0]) for spelling in pair if spelling.isascii()]


def query_plan(text: str) -> QueryPlan:
    """What a query asks the index for. Empty when the text has no letter, digit or CJK character."""
    plan = QueryPlan()
    seen: set[Term] = set()
    pieces = _pieces(normalise(text))[:MAX_QUERY_PIECES]
    plan.pinyin = _pinyin_spellings(pieces)
    for piece in pieces:
        exact = True
        piece_runs = list(runs(piece))
        either = _pinyin_either(piece, piece_runs)
        if either is not None:
            plan.either.append(either)
        for run_class, run in piece_runs:
            if either is not None and (run_class == WORD or either.like is None):
                continue  # the either stands for the letters (mixed piece) or for the whole word
            terms, run_exact = _piece_terms(run_class, run)
            exact = exact and run_exact
            for term in terms:
                if term not in seen:
                    seen.add(term)
                    plan.terms.append(term)
        if either is not None and either.like is not None:
            continue  # the either holds the piece as typed
        if either is not None and len(piece) > MAX_WORD:
            exact = False  # a word longer than index words: the stored text must contain it
        # A piece made of several runs (abc123, 张三2) must occur as typed, not only its runs apart.
        if not exact or len(piece_runs) > 1:
            plan.like_pieces.append(piece)
    return plan


def _pieces(normalised_text: str) -> list[str]:
    """The query's pieces: maximal runs of letters, digits and CJK characters, in order, without repeats."""
    return list(dict.fromkeys(_TOKEN_CHARS.findall(normalised_text)))
