"""``atrium decrypt_backup FILE.enc FILE``: an encrypted backup (ATRIUM_BACKUP_KEY) back to the file that
``atrium restore`` takes."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from atrium.maintenance.backup_crypto import DecryptionError, decrypt_stream


class Command(BaseCommand):
    help = (
        "Decrypt a backup made with ATRIUM_BACKUP_KEY set (a file ending in .enc) into OUT, for "
        "'atrium restore OUT'. Uses ATRIUM_BACKUP_KEY, or --key."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The encrypted backup (.enc).")
        parser.add_argument("out", help="Where to write the decrypted backup (must not exist).")
        parser.add_argument("--key", default="", help="The key, if not the configured ATRIUM_BACKUP_KEY.")

    def handle(self, *args, **options):
        key = options["key"] or settings.BACKUP_KEY
        if not key:
            raise CommandError(
                "No key: set ATRIUM_BACKUP_KEY (the key the backup was made with) or give --key."
            )
        source, out = Path(options["file"]).expanduser(), Path(options["out"]).expanduser()
        if not source.is_file():
            raise CommandError(f"{source}: no such file.")
        if out.exists():
            raise CommandError(f"{out}: already exists; give a new file name.")
        partial = out.with_name(f".{out.name}.partial")
        try:
            with source.open("rb") as encrypted, partial.open("wb") as plain:
                decrypt_stream(encrypted, plain, key)
            os.replace(partial, out)
        except (DecryptionError, ValueError) as exc:
            raise CommandError(f"{source}: cannot be decrypted: {exc}.") from exc
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(f"Decrypted {source} to {out}; restore it with 'atrium restore {out}'.")
        )
