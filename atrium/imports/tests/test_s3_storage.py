"""Uploaded files on S3-compatible object storage (ATRIUM_S3_*): an import's file, preview, run and problem
report go through a real S3 server on a loopback port, and the settings pick the S3 backend."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atrium.customers.models import Customer
from atrium.imports.models import ImportJob
from atrium.imports.tests.conftest import csv_bytes

BUCKET = "atrium-files"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="key",
        aws_secret_access_key="secret",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "key",
                "secret_key": "secret",
                "location": "tenant-a",
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    return boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="key",
        aws_secret_access_key="secret",
        region_name="us-east-1",
    )


def test_an_import_keeps_its_file_and_report_in_the_bucket(client_as, s3_storage, on_commit):
    client = client_as("sales1")
    rows = [["名称", "手机"], ["甲公司", "13800138020"], ["乙公司", "12"]]
    upload = SimpleUploadedFile("客户.csv", csv_bytes(rows, "gbk"), content_type="text/csv")
    job_url = client.post(
        reverse("imports:new") + "?kind=customers", {"file": upload, "kind": "customers"}
    ).url
    job = ImportJob.objects.get()
    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"tenant-a/{job.file.name}" in keys
    assert "甲公司" in client.get(job_url).content.decode()
    with on_commit(execute=True):
        client.post(job_url, {"col_0": "name", "col_1": "phone", "action": "run"})
    job.refresh_from_db()
    assert job.status == "invalid" and Customer.objects.count() == 0
    assert f"tenant-a/{job.report.name}" in [
        i["Key"] for i in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]
    ]
    report = client.get(reverse("imports:report", args=[job.pk]))
    assert report.status_code == 200 and "3," in b"".join(report.streaming_content).decode("utf-8-sig")


def test_the_s3_settings_choose_the_s3_backend(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
    env.update(
        DJANGO_SETTINGS_MODULE="atrium.settings",
        ATRIUM_VAR_DIR=str(tmp_path),
        ATRIUM_S3_BUCKET="files",
        ATRIUM_S3_ENDPOINT_URL="https://s3.example.com",
        ATRIUM_S3_PREFIX="/atrium/",
    )
    script = "import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    default = json.loads(result.stdout.strip().splitlines()[-1])
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "files" and default["OPTIONS"]["location"] == "atrium"
    assert default["OPTIONS"]["default_acl"] is None
