"""公司信息: the company's own details (legal name, logo, tax id, bank account, seal), one row per installation,
read by the header, e-mails and (later) documents through ``selectors.company_profile()``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanyConfig(AppConfig):
    name = "atrium.company"
    label = "company"
    verbose_name = _("Company profile")

    def ready(self) -> None:
        # The kind (who may open and change it), how its log rows read, the settings-centre card, the demo.
        from atrium.company import demo, kinds, log_fields, navigation  # noqa: F401
