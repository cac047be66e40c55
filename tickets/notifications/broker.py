"""The Redis transport the outbox hands over with: kombu's, keeping one client a channel.

kombu's Redis channel builds a new redis-py client for every command it sends, and
building one copies redis-py's table of response callbacks: a third of every hand-over.
The client only wraps the channel's connection pool, so one serves all its commands.
"""

from contextlib import contextmanager
from functools import cached_property
from urllib.parse import urlparse

from kombu.transport import redis

REDIS_SCHEMES = ("redis", "rediss")


class OneClientChannel(redis.Channel):
    @cached_property
    def _command_client(self):
        return self._create_client()

    @contextmanager
    def conn_or_acquire(self, client=None):
        yield self._command_client if client is None else client


class OneClientTransport(redis.Transport):
    Channel = OneClientChannel


def transport_for(broker_url: str) -> type | None:
    """Our transport for a Redis broker; None (the URL's own) for any other."""
    return OneClientTransport if urlparse(broker_url).scheme in REDIS_SCHEMES else None
