"""allauth adapters: no self sign-up (admins add people), a clear lock-out message that counts per account,
blocked attempts in the operation log, and single sign-on only for people an administrator already added."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from atrium.accounts.services.auth_events import account_for_login, login_refused, sso_email_trusted


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts: this account is locked for %(minutes)s minutes. "
            "Try again later, or reset your password."
        ),
        "username_password_mismatch": _("Wrong account or password."),
        "email_password_mismatch": _("Wrong account or password."),
    }

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            minutes = max(settings.LOGIN_LOCKOUT_SECONDS // 60, 1)
            return forms.ValidationError(self.error_messages[code] % {"minutes": minutes}, code=code)
        return super().validation_error(code, *args)

    def is_open_for_signup(self, request) -> bool:
        return False

    def format_email_subject(self, subject: str) -> str:
        return f"[Atrium] {subject}"

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        """Failures count per account, whether the person typed the username or the e-mail address
        (allauth counts each spelling separately); unknown logins count per spelling."""
        login = _login_of(credentials).lower()
        user_id = account_for_login(login)
        return f"atrium-login:user:{user_id}" if user_id else f"atrium-login:name:{login}"

    def pre_authenticate(self, request, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            login_refused(login=_login_of(credentials))
            raise


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        """Single sign-on signs in people an administrator has already added (matched by e-mail)."""
        return False

    def authenticate_by_email(self, sociallogin):
        """The address an administrator typed in for a person is trusted: record it as verified, so that
        allauth does not wipe the person's password the first time they use single sign-on."""
        found = super().authenticate_by_email(sociallogin)
        if found:
            sso_email_trusted(user=found[0], email=found[1])
        return found
