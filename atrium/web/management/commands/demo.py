from django.core.management.base import BaseCommand

from atrium.accounts.demo import COMPANY, DEMO_PASSWORD, USERS
from atrium.core.demo import run_seeders
from atrium.web.demo import demo_exists


class Command(BaseCommand):
    help = "Create the demo company (筑城装饰工程有限公司) and its people. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the demo already exists."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and demo_exists():
            return
        self.stdout.write(f"Demo company {COMPANY}:")
        run_seeders(self.stdout.write)
        self.stdout.write("Demo logins (demo only — change these passwords before real use):")
        for username, display, *_rest in USERS:
            self.stdout.write(f"  {username:<8} {display:<6} password: {DEMO_PASSWORD}")
