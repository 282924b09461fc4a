"""The address the public reaches the service on, for QR codes, posters and email links.

BASE_URL wins when it is set. Without it, the address a page was asked on is used only
when it is a local one (nothing to poison: it names this computer) or when its host is in
TRUSTED_HOSTS, which Flask checks on every request (another Host header gets a 400).
Otherwise a forged Host header could put an attacker's address on a printed poster or in
an email, so links fall back to the local address and the workspace says why.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Where `make run` serves; the address links use when nothing better can be trusted.
LOCAL_ADDRESS = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class PublicAddress:
    base: str                          # scheme://host[:port], no trailing slash
    configured: bool                   # BASE_URL is set
    local: bool                        # only this computer can open it: phones cannot
    untrusted_host: str | None = None  # the host a page was asked on, refused

    def link(self, path: str) -> str:
        return self.base + path


def is_local_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def public_address(config: Mapping[str, Any], asked_on: str | None = None) -> PublicAddress:
    """`asked_on` is the root URL of the current request (None outside a request)."""
    base = str(config.get("BASE_URL") or "").rstrip("/")
    if base:
        return PublicAddress(base, configured=True, local=is_local_host(urlsplit(base).hostname))
    if asked_on:
        asked_on = asked_on.rstrip("/")
        host = urlsplit(asked_on).hostname
        if is_local_host(host):
            return PublicAddress(asked_on, configured=False, local=True)
        if config.get("TRUSTED_HOSTS"):  # Flask has already refused any other host
            return PublicAddress(asked_on, configured=False, local=False)
        return PublicAddress(LOCAL_ADDRESS, configured=False, local=True, untrusted_host=host)
    return PublicAddress(LOCAL_ADDRESS, configured=False, local=True)


def trusted_hosts(value: Any) -> list[str] | None:
    """TRUSTED_HOSTS as Flask wants it: a list of host names, from a list or "a.org, b.org"."""
    if value in (None, "", []):
        return None
    if isinstance(value, str):
        value = value.split(",")
    hosts = [str(host).strip() for host in value if str(host).strip()]
    return hosts or None
