"""No secret in a log line: query-string secrets (``token=``, ``password=``, ``key=`` …) and API tokens
(``atr_…``) are replaced by ``[redacted]`` in every record, before any handler formats it.

``RedactSecrets`` is a logging filter set on every handler: Django's console handler (settings.LOGGING) and
uvicorn's access and error handlers (``uvicorn_log_config()``, used by ``atrium serve`` and the tests' real
server). It rewrites the message and each string argument, so formatters that read the arguments themselves
(uvicorn's access formatter) print the redacted path too.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

REDACTED = "[redacted]"
SECRET_PARAMETERS = (
    "token",
    "access_token",
    "refresh_token",
    "api_key",
    "apikey",
    "key",
    "password",
    "passwd",
    "secret",
    "client_secret",
    "code",
    "signature",
    "sig",
)
_SECRET_IN_QUERY = re.compile(r"(?i)(?<![A-Za-z0-9_])(" + "|".join(SECRET_PARAMETERS) + r")=([^&\s\"';#]*)")
_API_TOKEN = re.compile(r"atr_[A-Za-z0-9_\-%.~]+")


def redact(text: str) -> str:
    """The text with every query-string secret and API token replaced."""
    text = _SECRET_IN_QUERY.sub(lambda match: f"{match.group(1)}={REDACTED}", text)
    return _API_TOKEN.sub(f"atr_{REDACTED}", text)


def _redact_value(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_value(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {name: _redact_value(arg) for name, arg in record.args.items()}
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with the redacting filter on each of its handlers."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact_secrets": {"()": "atrium.core.log_redaction.RedactSecrets"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact_secrets"]
    return config
