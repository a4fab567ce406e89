"""allauth adapters: no self sign-up (admins add people), our sign-in limits (per account and address; a
device or address that signed in before is slowed down, never locked: ``accounts.selectors.sign_in_limits``)
with refusals in the operation log, and single sign-on only for people an administrator already added."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from atrium.accounts.selectors.sign_in_limits import (
    DEVICE_COOKIE,
    SignInVerdict,
    describe_wait,
    sign_in_source,
    sign_in_verdict,
)
from atrium.accounts.services.auth_events import account_for_login, sso_email_trusted
from atrium.accounts.services.sign_in_limits import (
    new_device_token,
    sign_in_failure_record,
    sign_in_refused,
    sign_in_source_remember,
)
from atrium.core.request_context import client_ip


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip()


def _source_of(request, device_token: str | None = None):
    token = device_token if device_token is not None else request.COOKIES.get(DEVICE_COOKIE)
    return sign_in_source(ip=client_ip(request.META), device_token=token)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _("Wrong account or password."),
        "email_password_mismatch": _("Wrong account or password."),
    }
    refusal_messages = {
        "locked": _(
            "Too many failed sign-in attempts from this address: signing in to this account from here is "
            "paused for %(wait)s. Try again later, or ask an administrator to unlock it."
        ),
        "slowed": _("Too many failed sign-in attempts: wait %(wait)s before trying again."),
    }
    _verdict: SignInVerdict | None = None

    def is_open_for_signup(self, request) -> bool:
        return False

    def format_email_subject(self, subject: str) -> str:
        return f"[Atrium] {subject}"

    def pre_authenticate(self, request, **credentials: Any) -> None:
        """Our limits replace allauth's per-login counter, which locked the account for everybody."""
        login = _login_of(credentials)
        user_id = account_for_login(login)
        verdict = sign_in_verdict(user_id=user_id, login=login.lower(), source=_source_of(request))
        self._verdict = verdict
        if not verdict.allowed:
            sign_in_refused(user_id=user_id, login=login, verdict=verdict)
            message = self.refusal_messages[verdict.reason] % {"wait": describe_wait(verdict.wait)}
            raise forms.ValidationError(message, code="too_many_login_attempts")

    def authentication_failed(self, request, **credentials: Any) -> None:
        login = _login_of(credentials)
        trusted = bool(self._verdict and self._verdict.trusted)
        sign_in_failure_record(
            user_id=account_for_login(login), login=login, source=_source_of(request), trusted=trusted
        )

    def post_login(self, request, user, **kwargs: Any):
        """After any successful sign-in (password, two-factor, single sign-on): trust this address and device
        for the account, and give the browser its long-lived device cookie (a random token; only its keyed
        hash is stored)."""
        response = super().post_login(request, user, **kwargs)
        token = request.COOKIES.get(DEVICE_COOKIE) or ""
        source = _source_of(request, token)
        if not source.device_token:
            source = _source_of(request, new_device_token())
        sign_in_source_remember(user=user, source=source)
        response.set_cookie(
            DEVICE_COOKIE,
            source.device_token,
            max_age=settings.LOGIN_TRUSTED_DAYS * 86400,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


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
