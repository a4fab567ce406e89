"""Hooks into Django's sign-in signals: each one calls a service that writes the operation log.

Signals are the only way Django and allauth report sign-ins; the rule "no business logic in signals" holds
because the receivers only hand over to ``atrium.accounts.services.auth_events``.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from atrium.accounts.services.auth_events import login_failed, login_succeeded, logout_done


@receiver(user_logged_in, dispatch_uid="atrium_user_logged_in")
def _on_login(sender, request, user, **kwargs):
    login_succeeded(user=user, session_key=request.session.session_key if request else None)


@receiver(user_logged_out, dispatch_uid="atrium_user_logged_out")
def _on_logout(sender, request, user, **kwargs):
    logout_done(user=user, session_key=request.session.session_key if request else None)


@receiver(user_login_failed, dispatch_uid="atrium_user_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    login_failed(login=str(credentials.get("username") or credentials.get("email") or ""))
