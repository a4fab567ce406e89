"""The signed-in person's own pages: profile and personal API tokens."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/tokens.html", {"tokens": request.user.api_tokens.all()})
