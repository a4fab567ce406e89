"""The permission sweep's record of this app: one custom field of customers (definitions have no owner: the
role's grant on custom_field decides)."""

from atrium.fields.models import ChoiceOption, FieldDefinition
from atrium.testing.sweep import record_maker, url_argument


@record_maker("custom_field")
def _custom_field(world):
    return FieldDefinition.objects.create(kind="customer", key="yusuan", label="预算", field_type="money")


url_argument("field_id", record="custom_field")


@record_maker("choice_option")
def _choice_option(world):
    return ChoiceOption.objects.create(list="industry", value="扫荡行业", label="扫荡行业", position=99)


url_argument("option_id", record="choice_option")
url_argument("choice_list", values=("industry", "followup_type"))
