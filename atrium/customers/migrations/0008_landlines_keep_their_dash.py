"""Phone numbers stored before landlines kept their dash (01012345678) take the stored form of today
(010-12345678, 400-123-4567): duplicate checks compare the stored forms, so old and new rows match on digits.
Only landline and 400/800 numbers written as bare digits are touched."""

from django.db import migrations

from atrium.core.contact_formats import normalize_phone

BARE = r"^(0[0-9]{9,11}(#[0-9]{1,6})?|[48]00[0-9]{7})$"
FIELDS = {"Customer": ("phone",), "Contact": ("phone", "mobile"), "Lead": ("phone",)}
CHUNK = 2000


def reformat(apps, schema_editor):
    for model_name, names in FIELDS.items():
        model = apps.get_model("customers", model_name)
        for name in names:
            rows = model.objects.filter(**{f"{name}__regex": BARE}).only("pk", name).order_by("pk")
            changed = []
            for row in rows.iterator(chunk_size=CHUNK):
                setattr(row, name, normalize_phone(getattr(row, name)))
                changed.append(row)
                if len(changed) == CHUNK:
                    model.objects.bulk_update(changed, [name])
                    changed = []
            model.objects.bulk_update(changed, [name])


class Migration(migrations.Migration):
    dependencies = [("customers", "0007_records_share_one_base")]

    operations = [migrations.RunPython(reformat, migrations.RunPython.noop, elidable=True)]
