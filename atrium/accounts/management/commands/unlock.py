"""Unlock sign-in for a person from the command line, for the server's operator (no e-mail needed, for
when the administrator is the one locked out):

atrium unlock USERNAME

Clears the account's failed sign-ins (every lock on it ends) and writes the unlock in the operation log.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from atrium.accounts.models import User
from atrium.accounts.services.sign_in_limits import sign_in_unlock_from_command_line


class Command(BaseCommand):
    help = "Unlock sign-in for a user (clears their failed sign-in attempts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        try:
            user, cleared = sign_in_unlock_from_command_line(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user with the username {options['username']!r}.") from None
        self.stdout.write(f"Sign-in for {user.username} is unlocked ({cleared} failed attempts cleared).")
