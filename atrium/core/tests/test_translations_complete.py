"""Every translatable string in code and templates has a Chinese translation, so no English reaches a Chinese
screen unnoticed.

The strings are extracted into a temporary catalog without GNU gettext: Python files through the tokenizer
(calls of ``_``, ``gettext``, ``pgettext``, ``ngettext`` … with literal arguments), templates through
Django's own ``templatize`` (what ``makemessages`` feeds to xgettext) and then the same tokenizer. A string
counts as translated when the compiled catalog (our parts, Django's and the libraries') gives it a Chinese text.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR) / "atrium"
# function → (index of the context argument or None, index of the message argument)
CALLS: dict[str, tuple[int | None, int]] = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
# Texts that read the same in Chinese (codes, names of formats and products).
SAME_IN_CHINESE = {"CSV", "Excel", "API", "OK", "ID", "IP", "A", "B", "C", "%(count)s", "English", "简体中文"}

Message = tuple[str, str, str]  # (context, msgid, plural msgid or "")


def _literal_arguments(tokens: list[tokenize.TokenInfo], start: int) -> list[str | None]:
    """The call's arguments from the token after "(": a string literal (implicit concatenation joined) or None."""
    arguments: list[str | None] = []
    current: list[str] = []
    plain = True
    depth = 0
    for token in tokens[start:]:
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
            plain = False
        elif token.type == tokenize.OP and token.string in ")]}":
            if depth == 0:
                arguments.append("".join(current) if plain and current else None)
                return arguments
            depth -= 1
        elif token.type == tokenize.OP and token.string == "," and depth == 0:
            arguments.append("".join(current) if plain and current else None)
            current, plain = [], True
        elif token.type == tokenize.STRING and depth == 0:
            if token.string.lstrip("rRbBuU")[:1] in "\"'" and token.string[:1] not in "fF":
                import ast

                current.append(ast.literal_eval(token.string))
            else:
                plain = False
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            plain = False
    return arguments


def messages_in_code(source: str) -> Iterator[Message]:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in CALLS:
            continue
        if index and tokens[index - 1].string in (".", "def"):
            continue
        if tokens[index + 1].string != "(":
            continue
        context_at, message_at = CALLS[token.string]
        arguments = _literal_arguments(tokens, index + 2)
        message = arguments[message_at] if len(arguments) > message_at else None
        if message is None:
            continue
        context = arguments[context_at] if context_at is not None else ""
        if context is None:
            continue
        plural = ""
        if token.string.startswith(("ngettext", "npgettext")) and len(arguments) > message_at + 1:
            plural = arguments[message_at + 1] or ""
        yield context, message, plural


def messages_in_template(source: str) -> Iterator[Message]:
    """Through ``templatize``, whose output is Python-like text with gettext calls, its indentation made flat."""
    code = templatize(source)
    yield from messages_in_code("\n".join(line.lstrip() for line in code.splitlines()))


def extracted() -> dict[Message, str]:
    """Every message → the first file it was found in."""
    found: dict[Message, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or "testing" in path.parts:
            continue
        for message in messages_in_code(path.read_text(encoding="utf-8")):
            found.setdefault(message, str(path.relative_to(ROOT)))
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for message in messages_in_template(path.read_text(encoding="utf-8")):
            found.setdefault(message, str(path.relative_to(ROOT)))
    return found


def temporary_catalog(found: dict[Message, str]) -> polib.POFile:
    catalog = polib.POFile()
    for (context, msgid, plural), where in sorted(found.items()):
        entry = polib.POEntry(msgctxt=context or None, msgid=msgid, occurrences=[(where, "")])
        if plural:
            entry.msgid_plural, entry.msgstr_plural = plural, {0: ""}
        catalog.append(entry)
    return catalog


def _is_translated(entry: polib.POEntry) -> bool:
    context, msgid, plural = entry.msgctxt or "", entry.msgid, entry.msgid_plural
    if plural:
        text = (
            translation.npgettext(context, msgid, plural, 1)
            if context
            else translation.ngettext(msgid, plural, 1)
        )
    else:
        text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    return text != msgid or msgid in SAME_IN_CHINESE or not any(c.isalpha() for c in msgid)


def test_the_extractor_finds_calls_in_code_and_templates():
    code = 'x = _("Save")\ny = pgettext_lazy("menu", "Open")\nz = ngettext("%(n)d row", "%(n)d rows", n)\n'
    assert list(messages_in_code(code)) == [
        ("", "Save", ""),
        ("menu", "Open", ""),
        ("", "%(n)d row", "%(n)d rows"),
    ]
    template = '{% load i18n %}{% translate "Find" context "search" %}{% blocktranslate with n=x %}See {{ n }}{% endblocktranslate %}'
    assert list(messages_in_template(template)) == [("search", "Find", ""), ("", "See %(n)s", "")]
    assert list(messages_in_code("f(_(name))\n")) == []


@pytest.mark.django_db(databases=[])
def test_every_translatable_string_has_a_chinese_translation():
    found = extracted()
    assert len(found) > 500  # the extraction itself works
    catalog = temporary_catalog(found)
    with translation.override("zh-hans"):
        missing = [
            f"{entry.occurrences[0][0]}: {entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"
            for entry in catalog
            if not _is_translated(entry)
        ]
    assert not missing, f"{len(missing)} texts have no Chinese translation:\n" + "\n".join(missing)
