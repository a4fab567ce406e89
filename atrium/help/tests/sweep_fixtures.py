"""The permission sweep's arguments of the help centre: every topic (see atrium/testing/sweep.py)."""

from atrium.help.topics import TOPICS
from atrium.testing.sweep import url_argument

url_argument("topic", values=tuple(topic.key for topic in TOPICS))
