"""The ``atrium`` command. Atrium's own commands plus every Django management command.

atrium serve [--host H] [--port P]   web + websockets + worker (HOST/PORT env override)
atrium worker                        the background worker alone (with Redis)
atrium demo                          create the demo company
atrium token create USERNAME         print a new personal API token (alone on the last line)
atrium backup FILE / restore FILE    database backup and restore
atrium migrate, createsuperuser, …   Django's management commands
"""

from __future__ import annotations

import os
import sys

ALIASES = {"worker": "run_huey"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.settings")
    from django.core.management import execute_from_command_line

    command = ALIASES.get(args[0], args[0])
    execute_from_command_line(["atrium", command, *args[1:]])


if __name__ == "__main__":
    main()
