"""Compile the Chinese catalog from its parts (one .po file per area, so areas are translated independently)
into the django.mo that Django reads. Needs no GNU gettext: polib writes the .mo."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Merge atrium/locale/<lang>/LC_MESSAGES/parts/*.po and compile them to django.mo."

    def handle(self, *args, **options):
        for locale_dir in settings.LOCALE_PATHS:
            for parts_dir in sorted(Path(locale_dir).glob("*/LC_MESSAGES/parts")):
                self._compile(parts_dir)

    def _compile(self, parts_dir: Path) -> None:
        merged = polib.POFile()
        merged.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": parts_dir.parts[-3]}
        seen: dict[tuple[str, str], polib.POEntry] = {}
        for part in sorted(parts_dir.glob("*.po")):
            try:
                catalog = polib.pofile(str(part))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{part}: {exc}") from exc
            for entry in catalog.translated_entries():
                seen[(entry.msgctxt or "", entry.msgid)] = entry
        for entry in seen.values():
            merged.append(entry)
        target = parts_dir.parent / "django.mo"
        merged.save_as_mofile(str(target))
        self.stdout.write(f"{target}: {len(seen)} messages")
