"""Foundation events that notify people (connected in NotificationsConfig.ready()).

Handlers run after the emitting service's transaction commits (``atrium.core.events``). Texts are written in
the recipient's language, since the stored title and body are what the inbox and the e-mail show.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from atrium.core.events import subscribe
from atrium.notifications.email_messages import recipient_language
from atrium.notifications.services import notify


def _active_user(user_id: Any):
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def notify_roles_changed(*, user_id: int, **_payload: Any) -> None:
    user = _active_user(user_id)
    if user is None:
        return
    roles = list(user.roles.filter(is_active=True).order_by("name").values_list("name", flat=True))
    with translation.override(recipient_language(user)):
        title = _("Your roles were changed")
        if roles:
            body = _("Your roles are now: %(roles)s.") % {
                "roles": pgettext("list separator", ", ").join(roles)
            }
        else:
            body = _("You no longer have any role.")
        notify(recipients=[user], kind="account", title=title, body=body, link=reverse("accounts:profile"))


def _notify_account(user_id: int, title: Any, body: Any, link: str = "") -> None:
    """An "account" notification to one active user; lazy texts are rendered in that user's language."""
    user = _active_user(user_id)
    if user is None:
        return
    with translation.override(recipient_language(user)):
        notify(recipients=[user], kind="account", title=str(title), body=str(body), link=link)


def notify_password_reset(*, user_id: int, **_payload: Any) -> None:
    _notify_account(
        user_id,
        gettext_lazy("Your password was reset by an administrator"),
        gettext_lazy(
            "Sign in with the new password. If you did not expect this, contact your administrator."
        ),
        link=reverse("accounts:profile"),
    )


def notify_reactivated(*, user_id: int, **_payload: Any) -> None:
    _notify_account(
        user_id,
        gettext_lazy("Your account was reactivated"),
        gettext_lazy("You can sign in to Atrium again."),
    )


def connect_subscriptions() -> None:
    subscribe("user.roles_changed", notify_roles_changed)
    subscribe("user.password_reset", notify_password_reset)
    subscribe("user.reactivated", notify_reactivated)
