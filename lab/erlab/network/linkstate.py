"""When a Global Reach link comes up: Connecting, then Connected `connect_seconds` later.

Azure provisions the connection (the operation ends Succeeded) and only then
brings up the BGP sessions between the two circuits' edge routers; until
they are up the connection says Connecting and no route crosses it. The lab
stores the link's status as "Connecting" plus the wall-clock instant it comes
up (meta `connected_at`), and derives what is answered from that instant, so
nothing has to run in the background and a restarted lab carries on, like
operations do. IPv6 (`ipv6CircuitConnectionConfig`) has its own instant.
"""

from __future__ import annotations

from typing import Any

from ..arm.context import Env
from ..store import Resource

UP_AT = "connected_at"
IPV6_UP_AT = "ipv6_connected_at"
CONNECTING, CONNECTED = "Connecting", "Connected"


def connect_seconds(env: Env, effect: dict[str, Any]) -> float:
    """The delay captured when the operation started (so later setting changes do not move it)."""
    return float(effect.get("connect_seconds", env.settings.connect_seconds))


def comes_up(resource: Resource, at: float, *, ipv6: bool = False) -> None:
    """A provisioned link that was not up: Connecting until `at`, then Connected."""
    if ipv6:
        config = resource.properties.get("ipv6CircuitConnectionConfig")
        if isinstance(config, dict):
            config["circuitConnectionStatus"] = CONNECTING
            resource.meta[IPV6_UP_AT] = at
        return
    resource.properties["circuitConnectionStatus"] = CONNECTING
    resource.meta[UP_AT] = at


def is_up_or_coming(resource: Resource, *, ipv6: bool = False) -> bool:
    return (IPV6_UP_AT if ipv6 else UP_AT) in resource.meta


def forget(resource: Resource, *, ipv6: bool | None = None) -> None:
    """The link is down (failed, removed or replaced): its timer no longer applies."""
    if ipv6 in (None, False):
        resource.meta.pop(UP_AT, None)
    if ipv6 in (None, True):
        resource.meta.pop(IPV6_UP_AT, None)


def _derive(stored: Any, up_at: Any, now: float) -> Any:
    if stored == CONNECTING and up_at is not None and now >= float(up_at):
        return CONNECTED
    return stored


def status(env: Env, resource: Resource) -> str | None:
    return _derive(resource.properties.get("circuitConnectionStatus"), resource.meta.get(UP_AT), env.now)


def ipv6_status(env: Env, resource: Resource) -> str | None:
    config = resource.properties.get("ipv6CircuitConnectionConfig")
    if not isinstance(config, dict):
        return None
    return _derive(config.get("circuitConnectionStatus"), resource.meta.get(IPV6_UP_AT), env.now)


def is_connected(env: Env, resource: Resource) -> bool:
    """Routes cross the link: it came up, and is not failed or being deleted (an update leaves it up)."""
    return (UP_AT in resource.meta and status(env, resource) == CONNECTED
            and resource.properties.get("provisioningState") in ("Succeeded", "Updating"))


def apply(env: Env, resource: Resource, body: dict[str, Any]) -> dict[str, Any]:
    """Write the derived statuses into a rendered copy of `resource`'s body."""
    props = body.get("properties")
    if not isinstance(props, dict):
        return body
    if "circuitConnectionStatus" in props:
        props["circuitConnectionStatus"] = status(env, resource)
    config = props.get("ipv6CircuitConnectionConfig")
    if isinstance(config, dict) and "circuitConnectionStatus" in config:
        config["circuitConnectionStatus"] = ipv6_status(env, resource)
    return body
