"""``atrium serve``: the web server (HTTP + websockets) and, in the same process, the background worker.

In the embedded default (no ATRIUM_REDIS_URL) the worker must live in the web process so that its realtime
pushes reach the in-memory channel layer. With Redis, run ``atrium serve --no-worker`` behind a load balancer
(as many processes as you like) and ``atrium worker`` separately.
"""

from __future__ import annotations

import logging
import os
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import autodiscover_modules

from atrium.core.log_redaction import uvicorn_log_config

logger = logging.getLogger("atrium.serve")


class Command(BaseCommand):
    help = "Serve Atrium (web, websockets and, unless --no-worker, the background worker)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=1, help="Web processes (needs ATRIUM_REDIS_URL if >1)."
        )
        parser.add_argument("--no-worker", action="store_true", help="Do not run the background worker here.")
        parser.add_argument("--migrate", action="store_true", help="Apply database migrations first.")
        parser.add_argument(
            "--demo-if-empty", action="store_true", help="First create the demo company if it is not there."
        )

    def handle(self, *args, **options):
        import uvicorn

        if options["workers"] > 1 and not settings.REDIS_URL:
            raise CommandError(
                "Several web processes need ATRIUM_REDIS_URL (shared channel layer and queue)."
            )
        self._prepare(migrate=options["migrate"], demo=options["demo_if_empty"])
        consumer = None if options["no_worker"] else self._start_worker()
        self.stdout.write(
            f"\n  Atrium 已启动 / Atrium is running:  http://{options['host']}:{options['port']}\n"
            "  按 Ctrl-C 停止 / Press Ctrl-C to stop.\n"
        )
        try:
            uvicorn.run(
                "atrium.asgi:application",
                host=options["host"],
                port=options["port"],
                workers=options["workers"] if options["workers"] > 1 else None,
                lifespan="on",
                proxy_headers=True,
                log_level=os.environ.get("ATRIUM_LOG_LEVEL", "info").lower(),
                log_config=uvicorn_log_config(),
            )
        except KeyboardInterrupt:
            pass
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)
            self.stdout.write("Atrium stopped.")

    def _prepare(self, *, migrate: bool, demo: bool) -> None:
        """In this process, so that ``make run`` starts one Python instead of three."""
        from django.core.management import call_command

        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        if demo:
            call_command("demo", if_empty=True)

    def _start_worker(self):
        from huey.contrib.djhuey import HUEY

        autodiscover_modules("tasks")
        consumer = HUEY.create_consumer(**settings.HUEY.get("consumer", {}))
        consumer.start()
        # The consumer installs its own signal handlers; the web server handles signals in this process and
        # stops the worker when it exits.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
        return consumer
