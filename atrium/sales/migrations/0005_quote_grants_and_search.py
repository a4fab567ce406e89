"""Default grants on quotes (as on deals: a quote follows its deal's owner) and the product catalogue (everyone
in sales reads it; admins and sales managers keep it), and the quotes' search index."""

from django.db import migrations

from atrium.core.search.operations import CreateSearchIndex

OWN, DEPARTMENT, ALL = 1, 2, 3
QUOTE_ACTIONS = ("view", "create", "edit", "delete", "export")
PRODUCT_ACTIONS = ("view", "create", "edit", "delete", "import", "export")

DEFAULTS = {
    "admin": {"quote": dict.fromkeys(QUOTE_ACTIONS, ALL), "product": dict.fromkeys(PRODUCT_ACTIONS, ALL)},
    "sales_manager": {
        "quote": dict.fromkeys(QUOTE_ACTIONS, DEPARTMENT),
        "product": dict.fromkeys(PRODUCT_ACTIONS, ALL),
    },
    "sales_rep": {"quote": dict.fromkeys(QUOTE_ACTIONS, OWN), "product": {"view": ALL}},
    "service": {"quote": {"view": OWN}, "product": {"view": ALL}},
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("sales", "0004_products_and_quotes"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop), CreateSearchIndex("quote")]
