"""Quote extraction: direct, mixed and indirect quotes with speaker, cue, addressee, channel."""

from streams.enrich.quotes.stage import QuoteStage

__all__ = ["QuoteStage"]
