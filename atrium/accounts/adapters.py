"""allauth adapters: no self sign-up (admins add people), clear lock-out message, SSO only for known people."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts: this account is locked for %(minutes)s minutes. "
            "Try again later, or reset your password."
        ),
    }

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            message = self.error_messages[code] % {"minutes": max(settings.LOGIN_LOCKOUT_SECONDS // 60, 1)}
            from django import forms

            return forms.ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def is_open_for_signup(self, request) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        """Single sign-on signs in people an administrator has already added (matched by e-mail)."""
        return False
