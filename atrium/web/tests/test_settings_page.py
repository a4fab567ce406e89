"""The settings centre (系统设置): the admin sees every section as a card in its group; a person sees only the
sections their role opens; someone with none gets the styled refusal page and no menu entry."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _cards(html: str) -> list[str]:
    return re.findall(r'data-testid="settings-([a-z_]+)"', html)


def test_the_admin_sees_every_section_in_its_group(client_as):
    page = client_as("admin")
    response = page.get("/settings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>系统设置</h1>" in html
    cards = _cards(html)
    assert {"users", "departments", "roles", "operation_log", "customer_settings"} <= set(cards)
    assert "人员与权限" in html and "角色与权限" in html
    assert "每个角色可以查看、编辑、删除、导出和分配哪些数据" in html
    # Groups in the page's order: people before data before security.
    assert (
        html.index("settings-group-people")
        < html.index("settings-group-data")
        < html.index("settings-group-security")
    )
    # Reached from the menu and from the user menu.
    assert 'data-nav="settings"' in html and 'data-testid="user-menu-settings"' in html
    # Every card leads to a page the admin may open.
    for url in re.findall(r'class="card settings-card" href="([^"]+)"', html):
        assert page.get(url).status_code == 200, url


def test_a_person_sees_only_the_sections_their_role_opens(client_as):
    html = client_as("manager").get("/settings/").content.decode()
    # A sales manager reads their department's log, reads the pool rules, the choice lists, the custom fields
    # the pipelines and stages, and the help centre, but manages no people or roles.
    assert set(_cards(html)) == {
        "operation_log",
        "pipelines",
        "products",
        "customer_settings",
        "choice_lists",
        "custom_fields",
        "help",
    }


@pytest.mark.parametrize("who", ["sales1", "client"])
def test_someone_with_no_settings_is_refused_and_has_no_entry(client_as, who):
    page = client_as(who)
    response = page.get("/settings/")
    assert response.status_code == 403
    assert "您没有可管理的设置" in response.content.decode()
    home = page.get("/").content.decode()
    assert 'data-nav="settings"' not in home and 'data-testid="user-menu-settings"' not in home
