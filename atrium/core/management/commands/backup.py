"""``atrium backup FILE``: a consistent copy of the database, safe to take while the server runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from atrium.core.database_backup import BackupError, backup, target_of


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite: a database file made with SQLite's online backup; "
        "PostgreSQL: a pg_dump custom-format archive). Only the database: uploaded files are plain files "
        "under ATRIUM_MEDIA_ROOT — copy that directory as well. Safe while the server runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup; an existing file is replaced.")
        parser.add_argument(
            "--database", default="default", help="Which configured database (default: default)."
        )

    def handle(self, *args, **options):
        destination = Path(options["file"]).expanduser().resolve()
        try:
            target = target_of(connections[options["database"]].settings_dict)
            backup(target, destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = destination.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the {target.label} to {destination} ({size:,} bytes).")
        )
