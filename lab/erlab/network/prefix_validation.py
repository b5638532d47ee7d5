"""Validation of a Microsoft peering's advertised public prefixes.

`microsoftPeeringConfig.advertisedPublicPrefixesState` is NotConfigured,
Configuring, Configured or ValidationNeeded (edge-and-gen2.md): Configuring
while the peering is being updated, then Configured when every advertised
prefix is registered to the customer (the world's
`registered_public_prefixes`), ValidationNeeded otherwise (the automatic
registry check failed: the prefix owner must prove ownership).

From api-version 2024-10-01 the spec adds `advertisedPublicPrefixInfo[]`: per
prefix, `prefix`, `validationId` ("validation string that contains circuit
peering info"), `signature` ("validationId signed with a private key") and a
read-only `validationState` with ten values (AdvertisedPublicPrefixProperties
in expressRouteCircuit.json; absent from 2024-07-01). The service's
verification itself is not public, so the lab decides each prefix's state
like this, first match wins:
  1. the state an admin set for that prefix (`POST /_lab/peerings/prefix-validation`),
  2. the world's `prefix_validation: {prefix: state}` under the subscription,
  3. Configured when the prefix is inside a registered public prefix,
  4. ValidationNeeded.
A signature alone never validates a prefix (the lab cannot check it): the
outcome of a signature check is what an admin or the world says it is. The
validationId format is the lab's (assumption, README provenance).

States are derived when the peering is read, never stored: a change made by
the service (admin, world) shows on the next GET without any write, so it is
never the client's drift.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..arm.apiversions import at_least
from ..arm.context import Env
from ..errors import bad_request
from ..store import Resource
from .addresses import parse_network

INFO_SINCE = "2024-10-01"
PREFIX_STATES = (
    "NotConfigured", "Configuring", "Configured", "ValidationNeeded", "ValidationFailed", "ManualValidationNeeded",
    "AsnValidationFailed", "CertificateMissingInRoutingRegistry", "InvalidSignatureEncoding",
    "SignatureVerificationFailed",
)
ADMIN_META = "prefix_validation"


def check(props: dict[str, Any]) -> None:
    """advertisedPublicPrefixInfo must be a list of objects with a prefix.

    An entry for a prefix that is no longer advertised is ignored, not refused: a client
    that reads, merges and writes back the peering carries the old list, and nothing
    public says the service refuses it (assumption).
    """
    configs = [("properties.microsoftPeeringConfig", props.get("microsoftPeeringConfig"))]
    ipv6 = props.get("ipv6PeeringConfig")
    if isinstance(ipv6, dict):
        configs.append(("properties.ipv6PeeringConfig.microsoftPeeringConfig", ipv6.get("microsoftPeeringConfig")))
    for where, config in configs:
        if not isinstance(config, dict) or config.get("advertisedPublicPrefixInfo") is None:
            continue
        info = config["advertisedPublicPrefixInfo"]
        if not isinstance(info, list):
            raise bad_request("InvalidRequestFormat", "advertisedPublicPrefixInfo must be a list.",
                              f"{where}.advertisedPublicPrefixInfo")
        for index, entry in enumerate(info):
            target = f"{where}.advertisedPublicPrefixInfo[{index}]"
            if not isinstance(entry, dict):
                raise bad_request("InvalidRequestFormat", "Each advertisedPublicPrefixInfo entry must be an object.", target)
            if not isinstance(entry.get("prefix"), str):
                raise bad_request("InvalidRequestFormat", "Each advertisedPublicPrefixInfo entry needs a prefix.",
                                  f"{target}.prefix")
            for field in ("validationId", "signature"):
                if entry.get(field) is not None and not isinstance(entry[field], str):
                    raise bad_request("InvalidRequestFormat", f"{field} must be a string.", f"{target}.{field}")


def _norm(value: Any) -> str:
    net = parse_network(value) if isinstance(value, str) else None
    return str(net) if net is not None else str(value)


def prefix_state(env: Env, peering: Resource, prefix: str) -> str:
    key = _norm(prefix)
    admin = (peering.meta.get(ADMIN_META) or {}).get(key)
    if admin:
        return admin
    subscription = env.world.subscription(peering.id.split("/")[2]) or {}
    configured = {_norm(p): s for p, s in (subscription.get("prefix_validation") or {}).items()}
    if key in configured:
        return configured[key]
    net = parse_network(prefix)
    owned = [n for n in (parse_network(r) for r in env.world.registered_public_prefixes(peering.id.split("/")[2])) if n]
    if net is not None and any(net.version == o.version and net.subnet_of(o) for o in owned):
        return "Configured"
    return "ValidationNeeded"


def validation_id(peering: Resource, prefix: str) -> str:
    """The lab's validation string: the peering and prefix it is about (format an assumption)."""
    digest = hashlib.sha256(f"{peering.key}|{_norm(prefix)}".encode()).hexdigest()[:32]
    return f"{peering.id.split('/')[-3]}|{peering.body['name']}|{_norm(prefix)}|{digest}"


def apply(env: Env, peering: Resource, body: dict[str, Any], api_version: str) -> None:
    """Fill the derived states into a peering's answer (and drop the per-prefix list before 2024-10-01)."""
    props = body.get("properties", {})
    updating = props.get("provisioningState") != "Succeeded"
    configs = [props.get("microsoftPeeringConfig"), (props.get("ipv6PeeringConfig") or {}).get("microsoftPeeringConfig")]
    for config in configs:
        if not isinstance(config, dict):
            continue
        prefixes = list(config.get("advertisedPublicPrefixes") or [])
        given = {_norm(e.get("prefix")): e for e in config.get("advertisedPublicPrefixInfo") or [] if isinstance(e, dict)}
        states = {p: ("Configuring" if updating else prefix_state(env, peering, p)) for p in prefixes}
        if prefixes:
            if updating:
                config["advertisedPublicPrefixesState"] = "Configuring"
            else:
                config["advertisedPublicPrefixesState"] = (
                    "Configured" if all(s == "Configured" for s in states.values()) else "ValidationNeeded")
        if at_least(api_version, INFO_SINCE):
            config["advertisedPublicPrefixInfo"] = [
                {"prefix": p,
                 "validationId": (given.get(_norm(p)) or {}).get("validationId") or validation_id(peering, p),
                 "signature": (given.get(_norm(p)) or {}).get("signature") or "",
                 "validationState": states[p]}
                for p in prefixes
            ]
        else:
            config.pop("advertisedPublicPrefixInfo", None)


def set_by_service(peering: Resource, prefix: str, state: str | None) -> None:
    """The admin's stand-in for the service deciding a prefix's state (None forgets it)."""
    if state is not None and state not in PREFIX_STATES:
        raise ValueError(f"validationState must be one of {', '.join(PREFIX_STATES)}")
    states = dict(peering.meta.get(ADMIN_META) or {})
    if state is None:
        states.pop(_norm(prefix), None)
    else:
        states[_norm(prefix)] = state
    peering.meta[ADMIN_META] = states
