"""``atrium restore FILE``: replace the database with a backup made by ``atrium backup``."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from atrium.core.database_backup import BackupError, file_format, restore, target_of


class Command(BaseCommand):
    help = (
        "Replace the database with the backup in FILE (made by 'atrium backup'). Everything written since "
        "the backup is lost. Only the database: restore uploaded files (ATRIUM_MEDIA_ROOT) separately. "
        "Stop the server and worker first; afterwards run 'atrium migrate' if the backup is from an older "
        "version. A failed restore leaves the database unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file made by 'atrium backup'.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--database", default="default", help="Which configured database (default: default)."
        )

    def handle(self, *args, **options):
        source = Path(options["file"]).expanduser().resolve()
        try:
            target = target_of(connections[options["database"]].settings_dict)
            file_format(source)  # a missing or unreadable file is reported before any question
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            self._confirm(target.label, source)
        connections.close_all()
        try:
            restore(target, source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the {target.label} from {source}."))

    def _confirm(self, label: str, source: Path) -> None:
        if not sys.stdin.isatty():
            raise CommandError("Refusing to restore without a terminal to confirm; add --yes to go ahead.")
        self.stdout.write(f"This replaces everything in the {label} with {source}.")
        answer = input("Type 'yes' to continue: ").strip().lower()
        if answer != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
