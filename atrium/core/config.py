"""Typed readers for ATRIUM_* environment variables that fail loudly on bad values.

Every secret may also be given as a file: ``ATRIUM_X_FILE=/run/secrets/x`` is read when ``ATRIUM_X`` is unset.
This module must not import Django: settings.py uses it before apps load.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """An ATRIUM_* variable has a value Atrium cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    value = os.environ.get(name)
    if value is not None:
        return value
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    return default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from exc
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_from(var_dir: Path) -> str:
    """ATRIUM_SECRET_KEY (or _FILE); else a key generated once and kept in var/secret_key."""
    configured = env_str("ATRIUM_SECRET_KEY")
    if configured:
        if len(configured) < 50:
            raise ConfigError("ATRIUM_SECRET_KEY must be at least 50 characters long")
        return configured
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    import secrets

    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key
