"""The signed-in person's own pages: profile and personal API tokens."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.accounts.selectors.tokens import require_api_tokens, tokens_of
from atrium.accounts.services import token_create, token_revoke
from atrium.core.errors import ValidationFailed


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show and edit one's own display name, phone, e-mail and language."""
    from atrium.accounts.services.profile import user_update_own_profile
    from atrium.core.errors import Conflict

    if request.method != "POST":
        return _profile_page(request, form=_profile_values(request.user))
    form = {name: request.POST.get(name, "").strip() for name in _PROFILE_FORM_FIELDS}
    try:
        user_update_own_profile(
            actor=request.user,  # type: ignore[arg-type]
            display_name=form["display_name"],
            phone=form["phone"],
            email=form["email"],
            language=form["language"],
            version=int(form["version"]) if form["version"].isdigit() else None,
        )
    except (ValidationFailed, Conflict) as exc:
        return _profile_page(request, form=form, errors=exc.fields, problem=exc.message, status=exc.status)
    messages.success(request, _("Your profile was saved."))
    return redirect("accounts:profile")


_PROFILE_FORM_FIELDS = ("display_name", "phone", "email", "language", "version")


def _profile_values(user) -> dict:
    return {name: str(getattr(user, name)) for name in _PROFILE_FORM_FIELDS}


def _profile_page(request, *, form, errors=None, problem: str = "", status: int = 200) -> HttpResponse:
    from atrium.accounts.services.profile import language_choices

    context = {"form": form, "errors": errors or {}, "problem": problem, "languages": language_choices()}
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    require_api_tokens(request.user)
    return _tokens_page(request)


def _tokens_page(request, *, new_token: str = "", errors=None, form=None, status: int = 200) -> HttpResponse:
    context = {"tokens": tokens_of(request.user), "new_token": new_token, "errors": errors or {}}
    context["form"] = form or {}
    return render(request, "accounts/tokens.html", context, status=status)


def _end_of_day(value: str) -> datetime.datetime | None:
    """A token that "expires on" a date works until the end of that day, in the user's time zone."""
    if not value.strip():
        return None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed({"expires_on": [_("Enter a valid date (YYYY-MM-DD).")]}) from None
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


@login_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    """Create a token; the page shows its text this once (it is never stored, so it cannot be shown again)."""
    require_api_tokens(request.user)
    form = {"name": request.POST.get("name", ""), "expires_on": request.POST.get("expires_on", "")}
    try:
        expires_at = _end_of_day(form["expires_on"])
        _token, raw = token_create(actor=request.user, name=form["name"], expires_at=expires_at)
    except ValidationFailed as exc:
        return _tokens_page(request, errors=exc.fields, form=form, status=400)
    return _tokens_page(request, new_token=raw)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    require_api_tokens(request.user)
    token = token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, _('The token "%(name)s" was revoked.') % {"name": token.name})
    return redirect("accounts:tokens")
