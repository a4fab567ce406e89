"""The realtime tests again, on the Redis channel layer (channels-redis), as used beyond one machine.

Redis is ATRIUM_REDIS_URL when set, else redis://127.0.0.1:6379/15. Without a reachable Redis these tests are
skipped and the reason is printed.
"""

from __future__ import annotations

import os

import pytest
import redis
from channels.layers import get_channel_layer
from django.test import override_settings

from atrium.notifications.tests.test_realtime import *  # noqa: F403  (the same tests, another layer)

REDIS_URL = os.environ.get("ATRIUM_REDIS_URL") or "redis://127.0.0.1:6379/15"


def _redis_unreachable_reason() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return f"Redis at {REDIS_URL} is not reachable ({exc}); the Redis channel layer was not tested"
    return None


@pytest.fixture
async def channel_layer():
    reason = _redis_unreachable_reason()
    if reason:
        print(reason)
        pytest.skip(reason)
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # One prefix per test process: parallel workers must not flush each other's groups.
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"atrium-test-{os.getpid()}"},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        layer = get_channel_layer()
        assert type(layer).__name__ == "RedisChannelLayer"
        await layer.flush()
        yield layer
        await layer.flush()
        await layer.close_pools()
