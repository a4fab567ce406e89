"""atrium import customers|contacts|leads FILE [--as USERNAME] [--update-by FIELD] [--skip-invalid]

The same engine as the import page. Prints ``imported N, updated M, invalid K`` and the bad rows. Exit code
1 when rows were invalid and --skip-invalid was not given (then nothing was imported), 2 when the file cannot
be imported at all or the person may not import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from atrium.core.errors import ServiceError
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import check_size, open_table
from atrium.imports.registry import get_import_spec, import_specs


class Command(BaseCommand):
    help = "Import customers, contacts or leads from a CSV or Excel (.xlsx) file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=[spec.key for spec in import_specs()])
        parser.add_argument("file")
        parser.add_argument(
            "--as", dest="username", help="import as this user (default: the first superuser)"
        )
        parser.add_argument("--update-by", default="", help="update existing records whose FIELD matches")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the others"
        )
        parser.add_argument("--report", default="", help="also write every bad row to this CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = get_import_spec(options["kind"])
        assert spec is not None
        actor = self._actor(options["username"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        try:
            check_size(path.stat().st_size)
            table = open_table(path, path.name)
            outcome = run_import(
                actor=actor,
                spec=spec,
                table=table,
                mapping=suggest_mapping(spec, table.header),
                options=ImportOptions(update_by=options["update_by"], skip_invalid=options["skip_invalid"]),
                report_path=Path(options["report"]) if options["report"] else None,
                file_label=path.name,
            )
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=2) from None
        self.stdout.write(outcome.summary)
        for problem in outcome.problems:
            column = f" [{problem.column}]" if problem.column else ""
            self.stdout.write(f"line {problem.line}{column}: {problem.reason}")
        for hint in outcome.hints:
            column = f" [{hint.column}]" if hint.column else ""
            self.stdout.write(f"line {hint.line}{column}: hint: {hint.reason}")
        if outcome.invalid > len(outcome.problems):
            self.stdout.write(f"… {outcome.invalid} invalid rows in all (use --report FILE for every one)")
        if outcome.invalid and not options["skip_invalid"]:
            raise CommandError("rows are invalid: nothing was imported", returncode=1)

    def _actor(self, username: str | None) -> Any:
        from atrium.accounts.models import User

        if username:
            user = User.objects.filter(username=username, is_active=True).first()
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        if user is None:
            raise CommandError(
                f"no active user {username!r}" if username else "give --as USERNAME", returncode=2
            )
        return user
