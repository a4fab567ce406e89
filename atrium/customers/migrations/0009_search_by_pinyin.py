"""Customers, contacts and leads are found by the pinyin of their names (zhucheng, zc, 筑c find 筑城装饰): the
search index entries written before hold no pinyin, so the three indexes are rebuilt from the records.

On a large database this takes a while (about a minute per million records); it can also be run again at any
time with ``atrium rebuild_search_index customer contact lead``."""

from django.db import migrations

from atrium.core.search import rebuild_index

KINDS = {"customer": "Customer", "contact": "Contact", "lead": "Lead"}


def rebuild(apps, schema_editor):
    for kind, model_name in KINDS.items():
        rebuild_index(kind, model=apps.get_model("customers", model_name))


class Migration(migrations.Migration):
    dependencies = [("customers", "0008_landlines_keep_their_dash")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
