"""The choice lists move to one place (fields.ChoiceOption, the 选项列表 settings page): the industry and source
options come along (a deactivated one retired), and the lists that were fixed choices become lists too, seeded
with the values records already store and their Chinese names — levels A, B, C; follow-up types call 电话,
visit 拜访 …; every tag customers carry — plus a first list of lost reasons. Levels and follow-up types may now
hold longer codes of new options."""

from django.db import migrations, models
from django.utils import timezone

LEVELS = [("A", "A"), ("B", "B"), ("C", "C")]
FOLLOWUP_TYPES = [
    ("call", "电话"),
    ("visit", "拜访"),
    ("site_survey", "现场勘测"),
    ("wechat", "微信"),
    ("meeting", "会议"),
    ("email", "邮件"),
]
LOST_REASONS = ["价格太高", "选择了竞争对手", "预算不足", "需求取消", "联系不上", "其他"]


def forwards(apps, schema_editor):
    Old = apps.get_model("customers", "ChoiceOption")
    kept = [
        (old.list, old.value, old.is_active)
        for old in Old.objects.filter(list__in=("industry", "source")).order_by("list", "position", "id")
    ]
    seed_lists(apps, kept)


def seed_lists(apps, kept):
    """Write every list: ``kept`` the (list, value, active) of the industry and source options there were."""
    New = apps.get_model("fields", "ChoiceOption")
    Customer = apps.get_model("customers", "Customer")
    CustomerTag = apps.get_model("customers", "CustomerTag")
    FollowUp = apps.get_model("customers", "FollowUp")
    now = timezone.now()
    rows = []
    for list_key in ("industry", "source"):
        values = [(value, active) for key, value, active in kept if key == list_key]
        for position, (value, active) in enumerate(values):
            rows.append(
                New(
                    list=list_key,
                    value=value,
                    label=value,
                    position=position,
                    retired_at=None if active else now,
                )
            )

    def seeded(list_key, pairs, stored):
        known = {value for value, _label in pairs}
        extra = sorted(v for v in stored if v and v not in known)  # values stored outside the fixed choices
        for position, (value, label) in enumerate([*pairs, *((v, v) for v in extra)]):
            rows.append(New(list=list_key, value=value, label=label, position=position))

    seeded("level", LEVELS, set(Customer.objects.values_list("level", flat=True).distinct()))
    seeded("followup_type", FOLLOWUP_TYPES, set(FollowUp.objects.values_list("type", flat=True).distinct()))
    tags = sorted(set(CustomerTag.objects.values_list("tag", flat=True).distinct()))
    seeded("tags", [], set(tags))
    seeded("lost_reason", [(reason, reason) for reason in LOST_REASONS], set())
    New.objects.bulk_create(rows, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Old = apps.get_model("customers", "ChoiceOption")
    New = apps.get_model("fields", "ChoiceOption")
    for option in New.objects.filter(list__in=("industry", "source")).order_by("list", "position", "id"):
        Old.objects.get_or_create(
            list=option.list,
            value=option.value,
            defaults={"position": option.position, "is_active": option.retired_at is None},
        )
    New.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("customers", "0012_custom_values_indexable_on_sqlite"), ("fields", "0003_choice_lists")]
    operations = [
        migrations.AlterField(
            model_name="customer",
            name="level",
            field=models.CharField(blank=True, max_length=32, verbose_name="level"),
        ),
        migrations.AlterField(
            model_name="followup",
            name="type",
            field=models.CharField(default="call", max_length=32, verbose_name="type"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ChoiceOption"),
    ]
