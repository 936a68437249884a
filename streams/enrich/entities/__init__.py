"""Named entities per article: the shared spaCy parse plus article-level resolution."""

from streams.enrich.entities.stage import EntityStage

__all__ = ["EntityStage"]
