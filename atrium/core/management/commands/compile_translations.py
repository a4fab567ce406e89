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
        found_in: dict[tuple[str, str], str] = {}
        conflicts: list[str] = []
        for part in sorted(parts_dir.glob("*.po")):
            try:
                catalog = polib.pofile(str(part))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{part}: {exc}") from exc
            for entry in catalog.translated_entries():
                key = (entry.msgctxt or "", entry.msgid)
                earlier = seen.get(key)
                if earlier is not None and earlier.msgstr != entry.msgstr:
                    conflicts.append(
                        f"{entry.msgid!r}: {found_in[key]} says {earlier.msgstr!r}, {part.name} says {entry.msgstr!r}"
                    )
                seen[key] = entry
                found_in[key] = part.name
        if conflicts:
            # One English word, one Chinese word: a part compiled later would silently win otherwise.
            raise CommandError("Parts translate the same text differently:\n" + "\n".join(conflicts))
        for entry in seen.values():
            merged.append(entry)
        target = parts_dir.parent / "django.mo"
        merged.save_as_mofile(str(target))
        self.stdout.write(f"{target}: {len(seen)} messages")
