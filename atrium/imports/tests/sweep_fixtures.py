"""The permission sweep's record of this app (see atrium/testing/sweep.py): an import job of sales2."""

from django.core.files.base import ContentFile

from atrium.imports.models import ImportJob
from atrium.testing.sweep import record_maker, url_argument


@record_maker("import_job")
def _import_job(world):
    job = ImportJob(kind="customers", original_name="客户.csv", created_by=world.personas.sales2)
    job.file.save("sweep.csv", ContentFile("客户名称,电话\n华景家园,13912345678\n".encode()), save=False)
    job.save()
    return job


url_argument("pk", record="import_job")
