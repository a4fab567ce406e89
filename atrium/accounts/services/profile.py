"""The signed-in person's own profile: display name, phone, e-mail and language preference."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from atrium.accounts.models import User
from atrium.accounts.services.users import forget_old_email_addresses
from atrium.core.actors import actor_id
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.contact_formats import email_error, normalize_phone, phone_error
from atrium.core.errors import Conflict, ValidationFailed
from atrium.core.events import emit

OWN_PROFILE_FIELDS = ("display_name", "phone", "email", "language")
Errors = dict[str, list[str]]


def language_choices() -> list[tuple[str, str]]:
    """("", follow the browser) and the languages of the site."""
    return [("", _("Same as the browser")), *settings.LANGUAGES]


def _language_error(language: str) -> str | None:
    if language and language not in dict(settings.LANGUAGES):
        return _("Choose one of the offered languages.")
    return None


def _email_errors(errors: Errors, email: str, user: User) -> None:
    if message := email_error(email):
        errors.setdefault("email", []).append(message)
    elif len(email) > 254:
        errors.setdefault("email", []).append(_("At most 254 characters."))
    elif email and User.objects.exclude(pk=user.pk).filter(email__iexact=email).exists():
        errors.setdefault("email", []).append(_("Another user already has this e-mail address."))


def _save(actor: User, user: User, before: dict[str, Any]) -> User:
    diff = changes_between(before, snapshot(user, OWN_PROFILE_FIELDS))
    if not diff:
        return user
    user.version += 1
    user.save(update_fields=[*OWN_PROFILE_FIELDS, "version", "updated_at"])
    if "email" in diff:
        forget_old_email_addresses(user)
    audit(actor=actor, action="update", record=user, changes=diff, summary=_("Edited own profile"))
    emit("user.updated", user_id=user.pk, actor_id=actor_id(actor))
    return user


@transaction.atomic
def user_update_own_profile(
    *,
    actor: User,
    display_name: str,
    phone: str,
    email: str,
    language: str,
    version: int | None = None,
) -> User:
    """The person edits their own name, phone, e-mail and language; a stale ``version`` is a conflict."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if version is not None and user.version != version:
        raise Conflict()
    before = snapshot(user, OWN_PROFILE_FIELDS)
    errors: Errors = {}
    user.display_name = (display_name or "").strip()
    if len(user.display_name) > 100:
        errors["display_name"] = [_("At most 100 characters.")]
    user.phone = normalize_phone(phone or "")
    if message := phone_error(user.phone):
        errors["phone"] = [message]
    user.email = (email or "").strip()
    _email_errors(errors, user.email, user)
    user.language = (language or "").strip()
    if message := _language_error(user.language):
        errors["language"] = [message]
    if errors:
        raise ValidationFailed(errors)
    return _save(actor, user, before)


@transaction.atomic
def user_set_own_language(*, actor: User, language: str) -> User:
    """The language chosen in the page header becomes the person's preference on every device."""
    language = (language or "").strip()
    if message := _language_error(language):
        raise ValidationFailed({"language": [message]})
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = snapshot(user, OWN_PROFILE_FIELDS)
    user.language = language
    return _save(actor, user, before)
