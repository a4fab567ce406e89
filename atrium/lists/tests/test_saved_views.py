"""Saved views belong to the list engine: any registered list has them, mine and shared, owner-only delete."""

from __future__ import annotations

import pytest

from atrium.core.errors import Forbidden, ValidationFailed
from atrium.lists.models import SavedView
from atrium.lists.selectors import saved_views
from atrium.lists.services import saved_view_delete, saved_view_save

pytestmark = pytest.mark.django_db


def test_saved_views_belong_to_their_owner(personas):
    view = saved_view_save(
        actor=personas.sales1,
        list_key="customers",
        name="A 级",
        query="level=A&sort=-name",
        columns=["name"],
        is_shared=True,
    )
    assert view.query == "level=A&sort=-name"
    with pytest.raises(ValidationFailed):
        saved_view_save(actor=personas.sales1, list_key="customers", name="坏", query="sort=nope", columns=[])
    with pytest.raises(ValidationFailed):
        saved_view_save(actor=personas.sales1, list_key="nonsense", name="坏", query="", columns=[])
    with pytest.raises(Forbidden):
        saved_view_delete(actor=personas.sales2, view=view.pk)
    saved_view_delete(actor=personas.sales1, view=view.pk)


def test_views_are_kept_per_list_and_shared_ones_show_to_others(personas):
    saved_view_save(actor=personas.admin, list_key="users", name="停用的人", query="active=0", is_shared=True)
    saved_view_save(actor=personas.sales1, list_key="leads", name="新线索", query="status=new")
    assert [v.name for v in saved_views(personas.manager, "users")] == ["停用的人"]
    assert saved_views(personas.manager, "leads") == []
    assert [v.name for v in saved_views(personas.sales1, "leads")] == ["新线索"]
    with pytest.raises(Forbidden):  # the users list needs the right to view users
        saved_view_save(actor=personas.outsider, list_key="users", name="人", query="")


def test_the_table_kept_its_name_and_rows():
    """The model moved from the customers app without a new table: rows saved before the move are there."""
    assert SavedView._meta.db_table == "customers_savedview"
