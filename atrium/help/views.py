"""The help centre's pages: the index with its search box, and one topic."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from atrium.help.selectors import help_page_get, help_pages_for, help_search


@login_required
def help_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "pages": help_pages_for(request.user, request.LANGUAGE_CODE),
        "query": query,
        "found": help_search(request.user, query, request.LANGUAGE_CODE) if query else None,
    }
    return render(request, "help/index.html", context)


@login_required
def help_topic(request: HttpRequest, topic: str) -> HttpResponse:
    context = {
        "page": help_page_get(request.user, topic, request.LANGUAGE_CODE),
        "pages": help_pages_for(request.user, request.LANGUAGE_CODE),
    }
    return render(request, "help/topic.html", context)
