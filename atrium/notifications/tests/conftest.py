"""Fixtures of the realtime tests: a clean channel layer (the configured one; the Redis module overrides it)."""

from __future__ import annotations

import pytest
from channels.layers import get_channel_layer


@pytest.fixture
async def channel_layer():
    layer = get_channel_layer()
    await layer.flush()
    yield layer
    await layer.flush()
