"""What every administration page shares: sign-in required, and the access layer's refusals shown as pages
(403 when the person may not do this, 404 when the record is missing or out of their reach)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from atrium.core.errors import Forbidden, NotFound


def admin_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Forbidden as exc:
            return refusal(request, 403, _("No permission"), exc.message)
        except NotFound:
            return refusal(
                request, 404, _("Not found"), _("This record does not exist or is not visible to you.")
            )

    return wrapper


def refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message, "status": status}
    return render(request, "accounts/admin/refusal.html", context, status=status)
