"""Default grants of the built-in roles on deals and pipelines, and a first pipeline with the usual stages
(admins rename and edit them afterwards)."""

from django.db import migrations

OWN, DEPARTMENT, ALL = 1, 2, 3
DEAL_ACTIONS = ("view", "create", "edit", "delete", "import", "export", "assign")


def _deals(scope, *, assign=True):
    return {"deal": {a: scope for a in DEAL_ACTIONS if assign or a != "assign"}}


DEFAULTS = {
    "admin": {**_deals(ALL), "pipeline": {"view": ALL, "edit": ALL, "delete": ALL}},
    "sales_manager": {**_deals(DEPARTMENT), "pipeline": {"view": ALL}},
    "sales_rep": _deals(OWN, assign=False),
    "service": {"deal": {"view": OWN}},
}

STAGES = (
    ("潜在客户", 10, "open", "slate", []),
    ("初步接触", 20, "open", "blue", []),
    ("需求分析", 40, "open", "teal", []),
    ("报价", 60, "open", "amber", ["amount"]),
    ("谈判", 80, "open", "orange", ["amount"]),
    ("成交", 100, "won", "green", ["amount"]),
    ("输单", 0, "lost", "red", []),
)


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)
    Pipeline = apps.get_model("sales", "Pipeline")
    Stage = apps.get_model("sales", "Stage")
    if Pipeline.objects.exists():
        return
    pipeline = Pipeline.objects.create(name="销售流程", position=1)
    for position, (name, probability, kind, color, required) in enumerate(STAGES, 1):
        Stage.objects.create(
            pipeline=pipeline,
            name=name,
            position=position,
            probability=probability,
            kind=kind,
            color=color,
            required_fields=required,
        )


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_deals_and_pipelines"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
