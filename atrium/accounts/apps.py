from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atrium.accounts"
    label = "accounts"
    verbose_name = _("People and access")

    def ready(self) -> None:
        import atrium.accounts.navigation_oplog  # noqa: F401  (operation log menu entry)
        from atrium.accounts import events, kinds, navigation, receivers  # noqa: F401  (kinds, events, menu, hooks)
        from atrium.accounts.demo import seed_people
        from atrium.web.demo import register_seeder

        register_seeder(10, "people", seed_people)
