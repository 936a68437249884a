"""Kafka connection security (TLS, SASL/SCRAM or PLAIN) from the settings, in the two forms
the code needs: keyword arguments for aiokafka clients, and credentials for faust."""

from __future__ import annotations

import ssl
from typing import Any

from streams.settings import Settings

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if settings.security_protocol not in ("SSL", "SASL_SSL"):
        return None
    context = ssl.create_default_context(cafile=settings.ssl_cafile)
    if settings.ssl_certfile:
        context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile)
    return context


def client_options(settings: Settings) -> dict[str, Any]:
    """Security keyword arguments for AIOKafkaProducer/Consumer/AdminClient."""
    protocol = settings.security_protocol
    if protocol not in PROTOCOLS:
        raise ValueError(f"NEWSSTREAM_SECURITY_PROTOCOL must be one of {PROTOCOLS}: {protocol!r}")
    options: dict[str, Any] = {"security_protocol": protocol}
    context = ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    if protocol.startswith("SASL_"):
        options.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password,
        )
    return options


def faust_credentials(settings: Settings) -> Any:
    """faust's credentials object for the same settings (None for PLAINTEXT)."""
    import faust

    options = client_options(settings)
    if settings.security_protocol.startswith("SASL_"):
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password,
            mechanism=settings.sasl_mechanism,
            ssl_context=options.get("ssl_context"),
        )
    if settings.security_protocol == "SSL":
        return faust.SSLCredentials(options["ssl_context"])
    return None
