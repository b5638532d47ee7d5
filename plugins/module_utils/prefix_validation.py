# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Per-prefix validation of a Microsoft peering's advertised public prefixes.

From api-version 2024-10-01 a Microsoft peering's config carries
``advertisedPublicPrefixInfo[]``: per prefix a ``validationId`` (a string
the service builds about the circuit peering), a ``signature`` (that
validationId signed with a private key) and a read-only ``validationState``.
The collection's api-version (arm.NETWORK_API_VERSION) carries it.

Users list prefixes as strings, or as ``{prefix, signature, validation_id}``
to prove ownership of a prefix. In planning, the proofs are a dict keyed by
prefix (``prefix_validation``), so an entry the user did not give is
unmanaged and a state the service sets is never drift. A signature is a
proof anyone may verify, not a credential: it is not masked (the service
returns it on every read too).

Pure: standard library only.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import normalise_prefix
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.prefix_items import PROOF_KEYS, Proofs

# advertisedPublicPrefixesState / validationState values that need nothing from the user.
SETTLED_STATES = frozenset(("Configured", "Configuring", "NotConfigured"))
# What the spec's state names say went wrong, for the states that name it.
_STATE_HINTS = {
    "InvalidSignatureEncoding": "the signature given could not be decoded",
    "SignatureVerificationFailed": "the signature given did not verify against the validation_id",
    "CertificateMissingInRoutingRegistry": "the routing registry holds no certificate to verify the signature with",
    "AsnValidationFailed": "the ASN check against the routing registry failed",
}


def prefix_info_from_api(info: Any) -> Optional[List[Dict[str, Any]]]:
    """advertisedPublicPrefixInfo (flattened, snake_case) in the user schema; None when the answer has none."""
    if not isinstance(info, list):
        return None
    return [{
        "prefix": normalise_prefix(entry.get("prefix")),
        "validation_id": entry.get("validation_id"),
        "signature": entry.get("signature"),
        "validation_state": entry.get("validation_state"),
    } for entry in info if isinstance(entry, Mapping)]


def proofs_from_info(info: Any) -> Optional[Proofs]:
    """The ``prefix_validation`` planning view of ``prefix_info_from_api``'s list: {prefix: proofs}."""
    if not isinstance(info, list):
        return None
    return {entry["prefix"]: {key: entry.get(key) for key in PROOF_KEYS} for entry in info}


def info_request(prefixes: Sequence[Any], current_info: Any, proofs: Optional[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """advertisedPublicPrefixInfo to write (snake_case): one entry per advertised prefix, in their order.

    Each entry carries the validation_id and signature read (``current_info``,
    flattened API entries), overridden by ``proofs`` where given. Entries for
    prefixes no longer advertised and the read-only validation_state are left
    out; empty values are not sent.
    """
    read = {}
    for entry in current_info if isinstance(current_info, list) else []:
        if isinstance(entry, Mapping):
            read[normalise_prefix(entry.get("prefix"))] = entry
    result = []
    for prefix in prefixes:
        key = normalise_prefix(prefix)
        entry = {"prefix": prefix}
        for field in PROOF_KEYS:
            value = ((proofs or {}).get(key) or {}).get(field)
            if value is None:
                value = (read.get(key) or {}).get(field)
            if value:
                entry[field] = value
        result.append(entry)
    return result


def _registry_text(config: Mapping[str, Any], peer_asn: Any) -> str:
    asns = ["peer ASN %s" % peer_asn] if peer_asn is not None else []
    if config.get("customer_asn") is not None:
        asns.append("customer ASN %s" % config["customer_asn"])
    registry = config.get("routing_registry_name") or "the routing registry"
    return "registered to %s in %s" % (" or ".join(asns) or "your ASN", registry)


def validation_advice(peering: Optional[Mapping[str, Any]]) -> List[str]:
    """What the user must do for each advertised prefix the service has not validated.

    ``peering`` is in the module's schema (``peering_from_api``). Facts
    (edge-and-gen2.md, azure-api.md): advertised prefixes must be public and
    registered to you (or the customer ASN) in an RIR/IRR; ValidationNeeded
    means the automatic registry check failed and the prefix owner must prove
    ownership; the proof is the validation_id signed with a private key.
    Configuring and Configured need nothing.
    """
    advice: List[str] = []
    if not isinstance(peering, Mapping):
        return advice
    configs = [("microsoft_peering_config", peering.get("microsoft_peering_config"))]
    ipv6 = peering.get("ipv6_peering_config")
    if isinstance(ipv6, Mapping):
        configs.append(("ipv6_peering_config.microsoft_peering_config", ipv6.get("microsoft_peering_config")))
    for option, config in configs:
        if not isinstance(config, Mapping):
            continue
        registered = _registry_text(config, peering.get("peer_asn"))
        info = config.get("advertised_public_prefix_info")
        waiting = [entry for entry in info or [] if entry.get("validation_state") not in SETTLED_STATES | {None}]
        for entry in waiting:
            state = entry["validation_state"]
            hint = _STATE_HINTS.get(state)
            advice.append(
                "%s: advertised prefix %s is %s%s: Azure's automatic check did not find it %s, so Azure does "
                "not accept it yet. Register the prefix there, or prove ownership: sign its validation_id (%s, "
                "in advertised_public_prefix_info) with your private key and give the item as {prefix: %s, "
                "signature: ...} in %s.advertised_public_prefixes; then rerun."
                % (option, entry.get("prefix"), state, " (%s)" % hint if hint else "", registered,
                   entry.get("validation_id") or "not returned", entry.get("prefix"), option))
        if not waiting and config.get("advertised_public_prefixes_state") == "ValidationNeeded":
            advice.append(
                "%s: advertised prefixes are ValidationNeeded: Azure's automatic check did not find them %s. "
                "Register them there (the peering's api-version returns no per-prefix detail), then rerun."
                % (option, registered))
    return advice
