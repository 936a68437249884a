"""The one HTTP client: timeouts, redirects, gzip, size limits, a per-host rate limit and
concurrency cap, and a global concurrency cap. What to do with a response is decided by
the caller; failures to get one are `FetchError`s with a kind."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from streams.ingest.policy import USER_AGENT

MAX_REDIRECTS = 5


class FetchError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    url: str  # after redirects
    redirected: bool
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class HostLimiter:
    """At most `per_host` requests in flight to one host, started at least `min_interval_s`
    apart, so a publisher with many feeds is not hammered by one polling round."""

    def __init__(self, per_host: int, min_interval_s: float, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.per_host = per_host
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._spacing: dict[str, asyncio.Lock] = {}
        self._next_start: dict[str, float] = {}

    async def acquire(self, host: str) -> None:
        slot = self._slots.setdefault(host, asyncio.Semaphore(self.per_host))
        await slot.acquire()
        try:
            async with self._spacing.setdefault(host, asyncio.Lock()):
                wait = self._next_start.get(host, 0.0) - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                self._next_start[host] = self._clock() + self.min_interval_s
        except BaseException:  # cancelled while spacing: give the slot back
            slot.release()
            raise

    def release(self, host: str) -> None:
        self._slots[host].release()


class Fetcher:
    def __init__(self, *, timeout_s: float, per_host: int, host_interval_s: float,
                 max_in_flight: int) -> None:
        self._client = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        )
        self._hosts = HostLimiter(per_host, host_interval_s)
        self._in_flight = asyncio.Semaphore(max_in_flight)

    async def get(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        host = httpx.URL(url).host
        async with self._in_flight:
            await self._hosts.acquire(host)
            try:
                return await self._get(url, headers, max_bytes)
            finally:
                self._hosts.release(host)

    async def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        try:
            async with self._client.stream("GET", url, headers=headers) as resp:
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError("too_large", f"Content-Length {declared} > {max_bytes}")
                body = bytearray()
                # Counted after decompression, so a small gzip bomb is stopped too.
                async for chunk in resp.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError("too_large", f"body exceeds {max_bytes} bytes")
                return Response(resp.status_code, str(resp.url), bool(resp.history),
                                resp.headers, bytes(body))
        except httpx.TooManyRedirects as exc:
            raise FetchError("redirects", str(exc)) from None
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{type(exc).__name__}: {exc}") from None
        except httpx.DecodingError as exc:
            raise FetchError("bad_encoding", f"content decoding failed: {exc}") from None
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            raise FetchError("connection", f"{type(exc).__name__}: {exc}") from None

    async def aclose(self) -> None:
        await self._client.aclose()
