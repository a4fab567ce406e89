from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atrium.accounts"
    label = "accounts"
    verbose_name = _("People and access")

    def ready(self) -> None:
        import atrium.accounts.navigation_oplog  # noqa: F401  (operation log menu entry)

        # Kinds, events, how their fields read in the log, menu entries, hooks.
        from atrium.accounts import events, kinds, log_fields, navigation, receivers  # noqa: F401
        from atrium.accounts.demo import seed_people
        from atrium.accounts.directory import AccountsDirectory
        from atrium.core.demo import register_seeder
        from atrium.core.directory import register_directory

        register_directory(AccountsDirectory())  # what core's access layer and authentication read
        register_seeder(10, "people", seed_people)
