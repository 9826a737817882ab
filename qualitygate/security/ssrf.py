"""Where a verdict callback may be sent: an SSRF guard for CMS-supplied URLs.

Two checks, because a URL that was fine at intake may resolve elsewhere later:

- `check_scheme` (intake and delivery): https only; plain http is tolerated for loopback hosts
  outside production, so a developer can point the CMS at a local receiver.
- `check_destination` (delivery): every address the host resolves to must be public. Private,
  loopback, link-local (cloud metadata at 169.254.169.254), multicast, reserved and unspecified
  addresses are refused; loopback is allowed outside production.

`guarded_session()` closes the DNS-rebinding gap between the check and the connection: its
connections re-check the address they actually connected to before sending a byte.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., list[tuple[Any, ...]]]
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class UnsafeUrl(ValueError):
    """The URL may not receive callbacks; the message says why."""


class Unresolvable(Exception):
    """The host did not resolve (now): a reason to try again later, not to give up."""


def _host(url: str) -> tuple[str, str, int | None]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # e.g. a port out of range
        raise UnsafeUrl(f"not a valid URL: {exc}") from exc
    if not parts.hostname:
        raise UnsafeUrl("the URL has no host")
    return parts.scheme.lower(), parts.hostname.lower(), port


def _literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_loopback_host(host: str) -> bool:
    ip = _literal_ip(host)
    return host in _LOOPBACK_NAMES if ip is None else ip.is_loopback


def check_scheme(url: str, *, production: bool) -> None:
    """https anywhere; http only to a loopback host outside production. Raises UnsafeUrl."""
    scheme, host, _ = _host(url)
    if scheme == "https":
        return
    if scheme == "http" and not production and _is_loopback_host(host):
        return
    where = "in production" if production else "except to a loopback host"
    raise UnsafeUrl(f"callback URLs must use https ({scheme}:// is refused {where})")


def forbidden_reason(ip: IPAddress, *, allow_loopback: bool) -> str | None:
    """Why `ip` may not receive a callback, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    for attr in ("is_multicast", "is_reserved"):
        if getattr(ip, attr):
            return f"a {attr[3:]} address"
    if not ip.is_global:  # e.g. 100.64.0.0/10, carrier-grade NAT
        return "a non-public address"
    return None


def check_destination(
    url: str, *, production: bool, resolve: Resolver = socket.getaddrinfo
) -> list[str]:
    """Scheme check plus: every address the host resolves to is allowed. Returns the addresses.

    Raises UnsafeUrl (refused for good) or Unresolvable (DNS failed; may work later).
    """
    check_scheme(url, production=production)
    _, host, port = _host(url)
    try:
        infos = resolve(host, port or 443, 0, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(f"cannot resolve {host!r}: {exc}") from exc
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses:
        raise Unresolvable(f"{host!r} resolves to no address")
    for address in addresses:
        reason = forbidden_reason(
            ipaddress.ip_address(address.split("%", 1)[0]), allow_loopback=not production
        )
        if reason:
            raise UnsafeUrl(f"{host!r} resolves to {address}, {reason}")
    return addresses


# ---- connections that re-check the peer address --------------------------------------------


def _check_peer(sock: socket.socket, allow_loopback: bool) -> None:
    address = str(sock.getpeername()[0])
    reason = forbidden_reason(
        ipaddress.ip_address(address.split("%", 1)[0]), allow_loopback=allow_loopback
    )
    if reason:
        sock.close()
        raise UnsafeUrl(f"connected to {address}, {reason}")


def _guarded_pools(allow_loopback: bool) -> dict[str, type[HTTPConnectionPool]]:
    class Http(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            _check_peer(sock, allow_loopback)
            return sock

    class Https(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            _check_peer(sock, allow_loopback)
            return sock

    class HttpPool(HTTPConnectionPool):
        ConnectionCls = Http

    class HttpsPool(HTTPSConnectionPool):
        ConnectionCls = Https

    return {"http": HttpPool, "https": HttpsPool}


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, allow_loopback: bool) -> None:
        self._allow_loopback = allow_loopback
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _guarded_pools(self._allow_loopback)


def guarded_session(*, production: bool) -> requests.Session:
    """A requests session that ignores proxy variables and refuses forbidden peers."""
    session = requests.Session()
    session.trust_env = False  # an HTTPS_PROXY in the environment would hide the real peer
    adapter = _GuardedAdapter(allow_loopback=not production)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
