"""Backups in tests: a backup storage of the test's own, and a database on disk to back up (SQLite's test
database is in memory: it is copied to a file (as SQL) and the connection's settings name that
file, so `atrium backup`'s machinery backs up a real file with the test's schema and rows; on PostgreSQL the test
database itself is dumped by pg_dump)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection


@pytest.fixture
def backup_dir(tmp_path, settings):
    folder = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def database_on_disk(db, tmp_path):
    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    path = tmp_path / "database.sqlite3"
    copy = sqlite3.connect(path)
    try:  # SQLite's backup API waits forever on the test's open transaction; a dump reads through it
        copy.executescript(";\n".join(connection.connection.iterdump()))
    finally:
        copy.close()
    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        connection.settings_dict["NAME"] = original
