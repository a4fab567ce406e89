"""The topic tests again, on the Redis channel layer (channels-redis); skipped without a reachable Redis."""

from __future__ import annotations

from atrium.core.tests.test_realtime_topics import *  # noqa: F403  (the same tests, another layer)
from atrium.notifications.tests.test_realtime_redis import channel_layer  # noqa: F401  (the Redis layer)
