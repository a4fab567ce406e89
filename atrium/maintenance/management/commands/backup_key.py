"""``atrium backup_key``: print a new key for ATRIUM_BACKUP_KEY."""

from django.core.management.base import BaseCommand

from atrium.maintenance.backup_crypto import new_key


class Command(BaseCommand):
    help = (
        "Print a new random key for ATRIUM_BACKUP_KEY (backup files are then encrypted with AES-256-GCM). "
        "Keep it apart from the backups: without it they cannot be restored."
    )

    def handle(self, *args, **options):
        self.stdout.write(new_key())
