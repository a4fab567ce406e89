"""The results page says when a section holds more than it shows: "查看全部 N 条", to the filtered list."""

from __future__ import annotations

import pytest

from atrium.core.search import query, reindex
from atrium.core.search.query import count_label, search_grouped
from atrium.customers.models import Customer

pytestmark = pytest.mark.django_db


def companies(owner, count: int, name: str = "科技公司") -> list[Customer]:
    rows = [Customer.objects.create(name=f"{name}{n}号", owner=owner) for n in range(count)]
    reindex("customer", [c.pk for c in rows])
    return rows


def test_a_full_section_links_to_the_filtered_list_with_the_count_the_viewer_may_see(client_as, personas):
    companies(personas.sales1, 12)
    companies(personas.sales2, 5)
    html = client_as("sales1").get("/search/", {"q": "科技"}).content.decode()
    assert html.count('data-testid="search-hit"') == 10
    assert 'href="/customers/?q=%E7%A7%91%E6%8A%80"' in html and "查看全部 12 条" in html
    assert "查看全部 17 条" in client_as("admin").get("/search/", {"q": "科技"}).content.decode()


def test_a_section_that_shows_everything_has_no_link(client_as, personas):
    companies(personas.sales1, 3)
    html = client_as("sales1").get("/search/", {"q": "科技"}).content.decode()
    assert html.count('data-testid="search-hit"') == 3 and "查看全部" not in html


@pytest.mark.parametrize("window", [2, 100_000])
def test_the_count_is_capped_not_exact_over_large_sets(monkeypatch, personas, window):
    companies(personas.sales1, 8)
    monkeypatch.setattr(query, "CANDIDATES", 4)  # the candidates are not all: the count is made
    monkeypatch.setattr(query, "RECENT_WINDOW", window)
    monkeypatch.setattr(query, "COUNT_CAP", 6)
    (group,) = search_grouped(personas.sales1, "科技", ["customer"], limit=2)
    assert group.total == "6+" and len(group.hits) == 2
    monkeypatch.setattr(query, "COUNT_CAP", 1000)
    assert count_label(1000) == "1,000" and count_label(1001) == "1,000+" and count_label(37) == "37"
