"""The layers contract (.importlinter) holds: core imports no app, apps import only what is below them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from atrium.core import directory as core_directory

ROOT = Path(__file__).resolve().parents[3]


def test_layers_contract_is_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 kept, 0 broken" in done.stdout


def test_core_refuses_to_answer_without_a_directory():
    registered = list(core_directory._directory)
    core_directory._directory.clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="register_directory"):
            core_directory.directory()
    finally:
        core_directory._directory[:] = registered
