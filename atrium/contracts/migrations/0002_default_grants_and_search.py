"""Default grants on contracts, payments and invoices (a contract follows its salesperson's scope, like the deal;
the new 财务 role keeps every contract's payments and invoices), and the contracts' search index."""

from django.db import migrations

from atrium.core.search.operations import CreateSearchIndex

OWN, DEPARTMENT, ALL = 1, 2, 3
CONTRACT_ACTIONS = ("view", "create", "edit", "delete", "export", "assign")
PAYMENT_ACTIONS = ("view", "create", "edit", "delete", "import", "export")
INVOICE_ACTIONS = ("view", "create", "delete", "export")


def _all_of(scope):
    return {
        "contract": dict.fromkeys(CONTRACT_ACTIONS, scope),
        "payment": dict.fromkeys(PAYMENT_ACTIONS, scope),
        "invoice": dict.fromkeys(INVOICE_ACTIONS, scope),
    }


DEFAULTS = {
    "admin": _all_of(ALL),
    "sales_manager": _all_of(DEPARTMENT),
    "sales_rep": {
        "contract": {a: OWN for a in CONTRACT_ACTIONS if a != "assign"},
        "payment": {"view": OWN, "create": OWN, "import": OWN},
        "invoice": {"view": OWN},
    },
    "finance": {
        "contract": {"view": ALL, "edit": ALL, "export": ALL},
        "payment": dict.fromkeys(PAYMENT_ACTIONS, ALL),
        "invoice": dict.fromkeys(INVOICE_ACTIONS, ALL),
        "customer": {"view": ALL},
        "deal": {"view": ALL},
    },
    "service": {"contract": {"view": OWN}},
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_contracts_plans_payments"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop), CreateSearchIndex("contract")]
