"""Rebuild the search index of some or all kinds (after seeding with raw SQL, restoring an old backup, or a
change of the tokeniser)."""

from django.core.management.base import BaseCommand, CommandError

from atrium.core.search import rebuild_index
from atrium.core.search.registry import all_specs


class Command(BaseCommand):
    help = (
        "Rebuild the search index: `atrium rebuild_search_index [KIND ...]` (all kinds when none is named)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="kinds of record, e.g. customer contact lead")

    def handle(self, *args, **options):
        known = [spec.kind for spec in all_specs()]
        kinds = options["kinds"] or known
        unknown = sorted(set(kinds) - set(known))
        if unknown:
            raise CommandError(f"unknown kind(s): {', '.join(unknown)}; known: {', '.join(known)}")
        for kind in kinds:
            self.stdout.write(f"{kind}: {rebuild_index(kind)} records indexed")
