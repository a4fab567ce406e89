"""The one keyset cursor: pages in both directions over a column with NULLs, no row lost or repeated, NULLs
last either way; forged cursors answer a clear error."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.accounts.models import User
from atrium.core.errors import ValidationFailed
from atrium.core.pagination import encode_cursor, keyset_page

pytestmark = pytest.mark.django_db


def _people():
    now = timezone.now()
    for index in range(9):
        seen = None if index % 3 == 0 else now - datetime.timedelta(hours=index // 2)  # ties and NULLs
        User.objects.create(username=f"p{index}", last_login=seen)
    return User.objects.filter(username__startswith="p")


def _walk(qs, ordering, limit):
    seen, cursor = [], None
    while True:
        page = keyset_page(qs, ordering, cursor, limit)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            return seen


@pytest.mark.parametrize("ordering", [["last_login", "id"], ["-last_login", "-id"]])
@pytest.mark.parametrize("limit", [1, 2, 4])
def test_pages_over_a_nullable_column_see_every_row_once_nulls_last(ordering, limit):
    qs = _people()
    rows = _walk(qs, ordering, limit)
    assert len(rows) == 9 and len({r.pk for r in rows}) == 9
    values = [r.last_login for r in rows]
    known = [v for v in values if v is not None]
    assert values[len(known) :] == [None] * 3  # NULLs last in both directions
    assert known == sorted(known, reverse=ordering[0].startswith("-"))


def test_a_cursor_of_the_wrong_shape_or_value_is_refused():
    qs = _people()
    for cursor in ("!!", encode_cursor([1]), encode_cursor(["not a date", 3])):
        with pytest.raises(ValidationFailed) as caught:
            keyset_page(qs, ["last_login", "id"], cursor, 2)
        assert "cursor" in caught.value.fields
    with pytest.raises(ValidationFailed):  # the primary key is never NULL
        keyset_page(qs, ["username", "id"], encode_cursor(["p1", None]), 2)
