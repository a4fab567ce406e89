"""People's phone numbers stored as bare digits take today's stored form (010-12345678): see
customers/0008."""

from django.db import migrations

from atrium.core.contact_formats import normalize_phone

BARE = r"^(0[0-9]{9,11}(#[0-9]{1,6})?|[48]00[0-9]{7})$"


def reformat(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    changed = []
    for user in user_model.objects.filter(phone__regex=BARE).only("pk", "phone"):
        user.phone = normalize_phone(user.phone)
        changed.append(user)
    user_model.objects.bulk_update(changed, ["phone"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_honest_role_descriptions_and_no_directory_for_clients")]

    operations = [migrations.RunPython(reformat, migrations.RunPython.noop, elidable=True)]
