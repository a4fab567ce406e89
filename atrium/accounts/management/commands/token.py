"""Personal API tokens from the command line (for the server's operator):

python manage.py token create USERNAME [--name NAME] [--expires YYYY-MM-DD]   # prints the token last
python manage.py token list USERNAME
python manage.py token revoke ID
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from atrium.accounts.models import User
from atrium.accounts.selectors.tokens import token_owner, tokens_of
from atrium.accounts.services import token_create, token_revoke
from atrium.core.errors import ServiceError


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user with the username {username!r}.")
    if not user.is_active:
        raise CommandError(f"The user {username!r} is deactivated; activate them first.")
    return user


def _expiry(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--expires: {value!r} is not a date (YYYY-MM-DD).") from None
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Create, list or revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create", help="Create a token; the token text is printed on the last line."
        )
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="Name of the token (default: cli)")
        create.add_argument("--expires", help="Last day the token works (YYYY-MM-DD)")
        listing = actions.add_parser("list", help="List a user's tokens.")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int)

    def handle(self, *args, **options) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ServiceError as exc:
            details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.fields.items())
            raise CommandError(f"{exc.message} {details}".strip()) from exc

    def _create(self, options: dict) -> None:
        user = _user(options["username"])
        token, raw = token_create(actor=user, name=options["name"], expires_at=_expiry(options["expires"]))
        self.stdout.write(f"Token {token.pk} ({token.name}) for {user.username}; it is shown only once:")
        self.stdout.write(raw)

    def _list(self, options: dict) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user with the username {options['username']!r}.")
        for token in tokens_of(user):
            expired = getattr(token, "is_expired", False)
            status = "revoked" if token.revoked_at else ("expired" if expired else "active")
            self.stdout.write(
                f"{token.pk}\t{token.name}\t{token.prefix}\tcreated {_when(token.created_at)}\t"
                f"last used {_when(token.last_used_at)}\texpires {_when(token.expires_at)}\t{status}"
            )

    def _revoke(self, options: dict) -> None:
        owner = token_owner(options["id"])
        if owner is None:
            raise CommandError(f"No token with the id {options['id']}.")
        token = token_revoke(actor=owner, token_id=options["id"])
        self.stdout.write(f"Token {token.pk} ({token.name}) of {owner.username} is revoked.")
