"""newsstream: a streaming processor that turns raw news articles into enriched records."""

__version__ = "0.1.0"
