"""Standing queries over enriched articles: parse subscriptions, compile them into an index,
match articles to alerts. Pure: no faust, no Kafka client (see `streams/alerting.py`)."""

from streams.subscriptions.index import SubscriptionIndex
from streams.subscriptions.rules import InvalidSubscription, Subscription, parse_subscription

__all__ = ["InvalidSubscription", "Subscription", "SubscriptionIndex", "parse_subscription"]
