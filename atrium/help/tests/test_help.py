"""The help centre: every page rendered and sanitised in both languages, searchable by Chinese fragments, the
帮助 link of each page to its topic, and what clients may read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from atrium.help.content import CONTENT, LANGUAGES, page, render
from atrium.help.topics import HELP_FOR_PAGE, TOPICS

pytestmark = pytest.mark.django_db

STAFF_TOPICS = [topic.key for topic in TOPICS if topic.audience == "staff"]


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", [topic.key for topic in TOPICS])
def test_every_topic_has_a_page_in_each_language(key, language):
    path = CONTENT / language / f"{key}.md"
    assert path.exists(), path
    rendered = page(key, language)
    assert rendered is not None and rendered.language == language
    assert rendered.title and rendered.html.strip()


def test_links_between_topics_point_at_topics():
    for language in LANGUAGES:
        for topic in TOPICS:
            for target in re.findall(r'href="\.\./([a-z-]+)/"', page(topic.key, language).html):
                assert target in {t.key for t in TOPICS}, (topic.key, target)


def test_markdown_is_sanitised():
    title, html = render(
        "# 标题\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
        '[外链](https://example.com "说明")\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'
    )
    assert title == "标题"
    assert "<script" not in html and "<img" not in html  # raw HTML stays text
    assert 'href="javascript' not in html
    assert '<a href="https://example.com" title="说明" rel="noopener noreferrer">外链</a>' in html
    assert "<table>" in html


def test_the_html_is_cleaned_even_if_the_renderer_let_something_through():
    from atrium.help.content import sanitise

    cleaned = sanitise(
        '<a href="javascript:alert(1)" onclick="x()">a</a><script>b()</script><p style="x">c</p>'
    )
    assert "javascript" not in cleaned and "onclick" not in cleaned and "script" not in cleaned
    assert "style" not in cleaned and "<p>c</p>" in cleaned


@pytest.mark.parametrize("key", STAFF_TOPICS)
def test_a_colleague_reads_every_topic(client_as, key):
    response = client_as("sales1").get(reverse("help:topic", args=[key]))
    assert response.status_code == 200
    assert page(key, "zh-Hans").title in response.content.decode()


def test_the_page_is_in_the_reader_s_language(client_as):
    client = _english(client_as("sales1"))
    body = client.get(reverse("help:topic", args=["pool"])).content.decode()
    assert "Customer pool" in body and "Claiming" in body
    assert "领取客户" not in body


def test_an_unknown_topic_is_not_found(client_as):
    assert client_as("sales1").get(reverse("help:topic", args=["nothing-here"])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("help:topic", args=["customers"]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("query", "topic"),
    [("公海", "pool"), ("领取", "pool"), ("校验报告", "import"), ("拼音", "search"), ("本部门", "roles")],
)
def test_a_chinese_fragment_finds_its_page(client_as, query, topic):
    response = client_as("sales1").get(reverse("help:index"), {"q": query})
    assert response.status_code == 200
    found = [item.page.topic.key for item in response.context["found"]]
    assert topic in found
    assert query in response.context["found"][found.index(topic)].snippet


def test_a_page_whose_title_matches_comes_first(client_as):
    found = client_as("sales1").get(reverse("help:index"), {"q": "公海"}).context["found"]
    assert found[0].page.topic.key == "pool"


def test_search_needs_every_piece_and_says_when_nothing_matches(client_as):
    client = client_as("sales1")
    found = client.get(reverse("help:index"), {"q": "公海 领取"}).context["found"]
    assert [item.page.topic.key for item in found][:1] == ["pool"]
    response = client.get(reverse("help:index"), {"q": "火星基地"})
    assert response.context["found"] == []
    assert "没有帮助页面提到“火星基地”。" in response.content.decode()


def test_english_search_reads_the_english_pages(client_as):
    client = _english(client_as("sales1"))
    found = client.get(reverse("help:index"), {"q": "CLAIM"}).context["found"]
    assert "pool" in [item.page.topic.key for item in found]


def test_the_client_reads_only_the_page_for_clients(client_as):
    client = client_as("client")
    index = client.get(reverse("help:index"))
    assert [item.topic.key for item in index.context["pages"]] == ["client"]
    assert client.get(reverse("help:topic", args=["client"])).status_code == 200
    for key in STAFF_TOPICS:
        assert client.get(reverse("help:topic", args=[key])).status_code == 404
    found = client.get(reverse("help:index"), {"q": "公海"}).context["found"]
    assert found == []  # the staff pages are not searched for a client either
    body = client.get(reverse("help:topic", args=["client"])).content.decode()
    for internal in ("公海", "角色与权限", "导入", "操作日志"):
        assert internal not in body


@pytest.mark.parametrize(
    ("url_name", "args", "topic"),
    [
        ("home", [], "getting-started"),
        ("customers:list", [], "customers"),
        ("customers:leads", [], "customers"),
        ("customers:pool", [], "pool"),
        ("customers:settings", [], "settings"),
        ("imports:mine", [], "import"),
        ("search", [], "search"),
        ("accounts:roles", [], "roles"),
        ("settings", [], "settings"),
        ("help:index", [], "getting-started"),
    ],
)
def test_each_page_links_to_its_help_topic(client_as, url_name, args, topic):
    response = client_as("admin").get(reverse(url_name, args=args))
    assert response.status_code == 200
    link = f'href="{reverse("help:topic", args=[topic])}"'
    assert 'data-testid="help-link"' in response.content.decode()
    assert link in response.content.decode().split('data-testid="help-link"')[0].rsplit("<a", 1)[1]


def test_the_client_s_help_link_opens_the_page_for_clients(client_as):
    body = client_as("client").get(reverse("home")).content.decode()
    assert f'href="{reverse("help:topic", args=["client"])}"' in body


def test_the_help_map_names_real_topics():
    assert set(HELP_FOR_PAGE.values()) <= {topic.key for topic in TOPICS}


def test_the_user_menu_has_help_for_everyone(client_as):
    for who in ("admin", "sales1", "client"):
        body = client_as(who).get(reverse("home")).content.decode()
        assert 'data-testid="user-menu-help"' in body
        assert f'href="{reverse("help:index")}"' in body


@pytest.mark.parametrize("who", ["admin", "manager"])
def test_the_settings_centre_has_the_help_card(client_as, who):
    body = client_as(who).get(reverse("settings")).content.decode()
    assert f'href="{reverse("help:index")}" data-testid="settings-help"' in body
    assert 'data-testid="settings-group-support"' in body


@pytest.mark.parametrize("who", ["sales1", "client"])
def test_the_help_card_alone_opens_no_settings_centre(client_as, who):
    assert client_as(who).get(reverse("settings")).status_code == 403
    assert 'data-testid="user-menu-settings"' not in client_as(who).get(reverse("home")).content.decode()
