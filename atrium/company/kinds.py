"""The kind ``company_profile`` (公司信息), so that roles grant it: view the page, edit it. Not scoped: a grant is
all or nothing. The admin role has both by default (migration ``0002_default_grants``)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind

KIND = "company_profile"

register_kind(
    RecordKind(
        key=KIND,
        label=_("Company profile"),
        model="company.CompanyProfile",
        owner_field=None,
        scoped=False,
        actions=("view", "edit"),
    )
)
