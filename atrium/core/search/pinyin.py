"""Pinyin for the search index: names are found by their full pinyin and by their initials.

A kind opts in per field (``SearchSpec.pinyin``). For each run of Chinese characters of such a value the
index keeps, from every character on, the pinyin of the rest of the run run together (without tones, cut at
``MAX_PINYIN`` letters) and its initials, words of one letter left out: 筑城装饰 gives ``zhuchengzhuangshi
chengzhuangshi zhuangshi shi`` and ``zczs czs zs``. A query word matches index words that start with it, so ``zhucheng``, ``zhuch``,
``chengzhuang``, ``zc`` and ``czs`` all find 筑城装饰, with no new query syntax.

Polyphonic characters: a character is read as the word around it is read in pypinyin's phrase dictionary
(重庆 chongqing, 银行 yinhang); each word's first two characters also get their other readings in use (at most
``MAX_READINGS`` each; a reading no word of pypinyin's phrase dictionary uses, like 有 as wei, is left out),
so 单田芳 is found by ``dantianfang`` and ``shantianfang``, and 长安 by ``changan`` and ``zhangan``. That
keeps a record's pinyin words to a few per character.

What the index needs to delete an entry again must not depend on pypinyin's dictionary (a new version may
read a character differently): the readings are written into the entry's stored text as a last line
(``pinyin_line``), and the words are made from that line alone (``line_tokens``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import product

MAX_PINYIN = 20  # letters of one pinyin word; a longer query word also tries its first MAX_PINYIN letters
MAX_READINGS = 3  # readings of one character that are indexed (the most common first)
VARIED = 2  # characters at the start of each word that get their other readings too
MARK = "\x1f"  # starts the pinyin line of an entry's stored text (stripped from every value)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TONES = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ",
    "aaaaeeeeiiiioooouuuuvvvvvnnnm",
)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[list[str]]]:
    """pypinyin's phrase dictionary, loaded on first use: importing it takes a fifth of a second, which every
    process (the command line, the server, a test worker) paid at start-up whether it ever read a name or not."""
    from pypinyin.phrases_dict import phrases_dict

    return phrases_dict


@lru_cache(maxsize=1)
def _characters() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


@lru_cache(maxsize=1)
def _readings_in_words() -> Counter[tuple[str, str]]:
    """How many words of pypinyin's phrase dictionary read each character so: a reading no word uses (有 as
    wei, 区 as ou) is too rare to index — its initials would match far too much (有限 as wx)."""
    counts: Counter[tuple[str, str]] = Counter()
    for phrase, phrase_readings in _phrases().items():
        for char, options in zip(phrase, phrase_readings, strict=False):
            counts[char, options[0].translate(_TONES)] += 1
    return counts


@lru_cache(maxsize=32768)
def readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one character that are in use, the most common first (empty for a character
    without any): the first one always, the others when some word reads the character so."""
    found = _characters().get(ord(char))
    if not found:
        return ()
    plain = [reading.translate(_TONES) for reading in found.split(",")]
    usable = [reading for reading in dict.fromkeys(plain) if reading.isascii() and reading.isalpha()]
    in_words = _readings_in_words()
    kept = [reading for index, reading in enumerate(usable) if index == 0 or in_words[char, reading]]
    return tuple(kept[:MAX_READINGS])


def _in_context(run: str, alternatives: list[tuple[str, ...]]) -> list[str]:
    """Each character's reading in this run: its most common one, or — for a polyphonic character — the one a
    word of two or three characters around it has in pypinyin's phrase dictionary (重庆 chong, 银行 hang).
    A few dictionary look-ups, many times faster than segmenting the whole run (imports index thousands of
    names a second)."""
    read = [options[0] if options else "" for options in alternatives]
    phrases_dict = _phrases()
    for index, options in enumerate(alternatives):
        if len(options) < 2:
            continue
        for start, end in (
            (index, index + 2),
            (index - 1, index + 1),
            (index, index + 3),
            (index - 2, index + 1),
        ):
            if start < 0 or end > len(run):
                continue
            found = phrases_dict.get(run[start:end])
            if found:
                reading = found[index - start][0].translate(_TONES)
                if reading.isascii() and reading.isalpha():
                    read[index] = reading
                break
    return read


def _run_code(run: str) -> str:
    """One run of characters as ``zhu-cheng|zheng-…``: each character's readings, its reading in this run
    first."""
    alternatives = [readings(char) for char in run]
    codes = []
    for options, main in zip(alternatives, _in_context(run, alternatives), strict=True):
        ordered = list(dict.fromkeys([main, *options] if main else options))[:MAX_READINGS]
        codes.append("|".join(ordered))
    return "-".join(codes)


def pinyin_line(names: Iterable[str]) -> str:
    """The stored form of the readings of these (normalised) names: one code per run of Chinese characters,
    separated by spaces; empty when they hold none."""
    codes = [_run_code(run) for name in names for run in _HAN.findall(name)]
    codes = [code for code in codes if code.strip("-|")]
    return " ".join(dict.fromkeys(codes))


def _words_from(syllables: list[tuple[str, ...]]) -> Iterator[str]:
    """The full-pinyin and initials words of one run of readable characters, from each character on."""
    for start in range(len(syllables)):
        rest = syllables[start:]
        head, tail = rest[:VARIED], [options[0] for options in rest[VARIED:]]
        tail_full = "".join(tail)
        tail_initials = "".join(reading[0] for reading in tail)
        for choice in product(*head):
            yield ("".join(choice) + tail_full)[:MAX_PINYIN]
            yield ("".join(reading[0] for reading in choice) + tail_initials)[:MAX_PINYIN]


def _segments(code: str) -> Iterator[list[tuple[str, ...]]]:
    """The readings of a run code, cut where a character has none (it ends pinyin words, like a space)."""
    syllables: list[tuple[str, ...]] = []
    for part in code.split("-"):
        options = tuple(option for option in part.split("|") if option)
        if options:
            syllables.append(options)
        elif syllables:
            yield syllables
            syllables = []
    if syllables:
        yield syllables


def line_tokens(line: str) -> set[str]:
    """The index words of a stored pinyin line."""
    words: set[str] = set()
    for code in line.split():
        for syllables in _segments(code):
            words.update(word for word in _words_from(syllables) if len(word) > 1)
    return words


def name_spellings(name: str) -> tuple[str, str]:
    """The name's pinyin run together and its initials, from each character's most common reading (letters
    and digits kept, other characters dropped): what ranking compares a query with, quickly."""
    full: list[str] = []
    initials: list[str] = []
    for char in name:
        options = readings(char)
        if options:
            full.append(options[0])
            initials.append(options[0][0])
        elif char.isalnum():
            full.append(char)
            initials.append(char)
    return "".join(full), "".join(initials)


def query_readings(text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(full pinyin, initials) spellings of a query piece that mixes Chinese characters and letters (筑c,
    重庆cq): the characters replaced by their readings, at most ``limit`` combinations; letters kept."""
    parts: list[tuple[tuple[str, str], ...]] = []
    for char in text:
        options = readings(char) if _HAN.fullmatch(char) else ()
        if options:
            parts.append(tuple((reading, reading[0]) for reading in options))
        else:
            parts.append(((char, char),))
    spellings: list[tuple[str, str]] = []
    for choice in product(*parts):
        spelling = ("".join(full for full, _initial in choice), "".join(initial for _full, initial in choice))
        if spelling not in spellings:
            spellings.append(spelling)
        if len(spellings) >= limit:
            break
    return spellings
