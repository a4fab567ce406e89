"""Channels' WebsocketCommunicator, importable without daphne.

``channels.testing/__init__`` imports daphne for its live-server test case, which Atrium does not use or
install (uvicorn serves it). When daphne is missing, the package is registered without running that
``__init__``, so that its ``websocket`` module (which needs only asgiref) imports as usual.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import channels

if importlib.util.find_spec("daphne") is None and "channels.testing" not in sys.modules:
    package = types.ModuleType("channels.testing")
    package.__path__ = [str(Path(channels.__file__).parent / "testing")]
    sys.modules["channels.testing"] = package

from channels.testing.websocket import WebsocketCommunicator

__all__ = ["WebsocketCommunicator"]
