"""Default grants of the built-in roles on customers, contacts, leads, follow-ups and the pool, and the
initial industry and source lists (admins edit them afterwards)."""

from django.db import migrations

OWN, DEPARTMENT, ALL = 1, 2, 3
RECORD_ACTIONS = ("view", "create", "edit", "delete", "import", "export", "assign")
FOLLOWUP_ACTIONS = ("view", "create", "edit", "delete", "export")
SALES_KINDS = ("customer", "contact", "lead")


def _kinds(scope, *, assign=True, delete=True):
    grants = {}
    for kind in SALES_KINDS:
        actions = [a for a in RECORD_ACTIONS if (assign or a != "assign") and (delete or a != "delete")]
        grants[kind] = dict.fromkeys(actions, scope)
    grants["followup"] = dict.fromkeys([a for a in FOLLOWUP_ACTIONS if delete or a != "delete"], scope)
    return grants


POOL = {"customer_pool": {"view": ALL, "assign": ALL}}
DEFAULTS = {
    "admin": {**_kinds(ALL), **POOL, "customer_settings": {"view": ALL, "edit": ALL}},
    "sales_manager": {**_kinds(DEPARTMENT), **POOL, "customer_settings": {"view": ALL}},
    "sales_rep": {**_kinds(OWN, assign=False), **POOL},
    "service": {
        "customer": {"view": OWN, "edit": OWN},
        "contact": {"view": OWN, "create": OWN, "edit": OWN},
        "followup": {"view": OWN, "create": OWN, "edit": OWN},
    },
}

INDUSTRIES = [
    "住宅家装",
    "别墅豪宅",
    "办公空间",
    "酒店餐饮",
    "商业零售",
    "教育培训",
    "医疗养老",
    "工业厂房",
    "其他",
]
SOURCES = ["电话营销", "转介绍", "网络推广", "展会", "老客户", "其他"]


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)
    ChoiceOption = apps.get_model("customers", "ChoiceOption")
    for list_key, values in (("industry", INDUSTRIES), ("source", SOURCES)):
        for position, value in enumerate(values):
            ChoiceOption.objects.get_or_create(list=list_key, value=value, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
