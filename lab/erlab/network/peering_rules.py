"""Service-side checks on a peering PUT (first broken rule wins, like the RP).

Codes marked in README as assumptions: the Network RP's real codes for these
checks were not observed in traffic.
"""

from __future__ import annotations

from typing import Any

from ..errors import bad_request
from .addresses import (
    DOCUMENTATION_ASNS,
    RESERVED_BY_MICROSOFT,
    is_private_asn,
    is_public,
    overlaps,
    parse_network,
)

PEERING_NAMES = ("AzurePrivatePeering", "MicrosoftPeering")
ROUTING_REGISTRIES = ("ARIN", "APNIC", "AFRINIC", "LACNIC", "RIPENCC", "RADB", "ALTDB", "LEVEL3")


def peering_type_for(name: str, props: dict[str, Any]) -> str:
    canonical = next((n for n in PEERING_NAMES if n.lower() == name.lower()), None)
    if canonical is None:
        if name.lower() == "azurepublicpeering":
            raise bad_request(
                "AzurePublicPeeringNotSupported",
                "Azure public peering was retired on 2024-03-31 and cannot be created. Use MicrosoftPeering.",
                "name",
            )
        raise bad_request(
            "InvalidPeeringName",
            f"Peering name '{name}' is invalid. Valid names are: {', '.join(PEERING_NAMES)}.",
            "name",
        )
    declared = props.get("peeringType")
    if declared is not None and str(declared).lower() != canonical.lower():
        raise bad_request(
            "PeeringTypeDoesNotMatchName",
            f"Peering type '{declared}' does not match peering name '{canonical}'.",
            "properties.peeringType",
        )
    return canonical


def check_peering(
    peering_type: str,
    props: dict[str, Any],
    *,
    other_peerings: list[dict[str, Any]],
) -> None:
    _check_vlan(props, other_peerings)
    _check_asn(props.get("peerASN"), "properties.peerASN", "Peer ASN")
    public_required = peering_type == "MicrosoftPeering"
    primary = _check_link_prefix(props, "primaryPeerAddressPrefix", 30, public_required)
    secondary = _check_link_prefix(props, "secondaryPeerAddressPrefix", 30, public_required)
    if overlaps(primary, secondary):
        raise bad_request(
            "PeerAddressPrefixesOverlap",
            f"Primary peer address prefix {primary} and secondary peer address prefix {secondary} overlap.",
            "properties.secondaryPeerAddressPrefix",
        )
    shared_key = props.get("sharedKey")
    if shared_key is not None and not (isinstance(shared_key, str) and 1 <= len(shared_key) <= 25):
        raise bad_request("InvalidSharedKey", "The MD5 shared key must be 1 to 25 characters long.", "properties.sharedKey")
    if peering_type == "MicrosoftPeering":
        _check_microsoft_config(props.get("microsoftPeeringConfig"), "properties.microsoftPeeringConfig", 4)
    ipv6 = props.get("ipv6PeeringConfig")
    if ipv6:
        _check_ipv6(ipv6, public_required)


def _check_vlan(props: dict[str, Any], other_peerings: list[dict[str, Any]]) -> None:
    vlan = props.get("vlanId")
    if not isinstance(vlan, int) or isinstance(vlan, bool) or not 1 <= vlan <= 4094:
        raise bad_request("InvalidVlanId", f"VLAN ID '{vlan}' is invalid. It must be between 1 and 4094.", "properties.vlanId")
    for other in other_peerings:
        if other.get("properties", {}).get("vlanId") == vlan:
            raise bad_request(
                "PeeringVlanIdAlreadyInUse",
                f"VLAN ID {vlan} is already used by peering {other['name']} of this circuit. "
                "Each peering of a circuit needs its own VLAN ID.",
                "properties.vlanId",
            )


def _check_asn(asn: Any, target: str, label: str) -> None:
    if not isinstance(asn, int) or isinstance(asn, bool) or not 1 <= asn <= 4294967295:
        raise bad_request("InvalidAsn", f"{label} '{asn}' is invalid. It must be between 1 and 4294967295.", target)
    if asn in RESERVED_BY_MICROSOFT:
        raise bad_request(
            "AsnReservedByMicrosoft",
            f"{label} {asn} is reserved by Microsoft (65515-65520 cannot be used).",
            target,
        )


def _check_link_prefix(props: dict[str, Any], field: str, length: int, public_required: bool):
    target = f"properties.{field}"
    value = props.get(field)
    net = parse_network(value)
    if net is None or net.version != 4:
        raise bad_request("InvalidPeerAddressPrefix", f"'{value}' is not a valid IPv4 prefix.", target)
    if net.prefixlen != length:
        raise bad_request(
            "InvalidPeerAddressPrefixLength",
            f"Peer address prefix {net} must be a /{length}.",
            target,
        )
    if public_required and not is_public(net):
        raise bad_request(
            "PeerAddressPrefixNotPublic",
            f"Peer address prefix {net} must be a public IP prefix registered to you for Microsoft peering.",
            target,
        )
    return net


def _check_microsoft_config(config: Any, target: str, version: int) -> None:
    if not isinstance(config, dict) or not config.get("advertisedPublicPrefixes"):
        raise bad_request(
            "AdvertisedPublicPrefixesRequired",
            "Microsoft peering needs microsoftPeeringConfig.advertisedPublicPrefixes.",
            f"{target}.advertisedPublicPrefixes",
        )
    for index, value in enumerate(config["advertisedPublicPrefixes"]):
        net = parse_network(value)
        where = f"{target}.advertisedPublicPrefixes[{index}]"
        if net is None or net.version != version:
            raise bad_request("InvalidAdvertisedPublicPrefix", f"'{value}' is not a valid IPv{version} prefix.", where)
        if not is_public(net):
            raise bad_request(
                "AdvertisedPublicPrefixNotPublic",
                f"Advertised prefix {net} is not a public prefix. Microsoft peering accepts only public prefixes.",
                where,
            )
    registry = config.get("routingRegistryName")
    if registry is not None and str(registry).upper() not in ROUTING_REGISTRIES:
        raise bad_request(
            "InvalidRoutingRegistryName",
            f"Routing registry '{registry}' is invalid. Valid values are: {', '.join(ROUTING_REGISTRIES)}.",
            f"{target}.routingRegistryName",
        )
    customer_asn = config.get("customerASN")
    if customer_asn not in (None, 0):
        _check_asn(customer_asn, f"{target}.customerASN", "Customer ASN")
        if is_private_asn(customer_asn) or customer_asn in DOCUMENTATION_ASNS:
            raise bad_request(
                "CustomerAsnNotPublic",
                f"Customer ASN {customer_asn} is not a public AS number.",
                f"{target}.customerASN",
            )


def _check_ipv6(config: dict[str, Any], public_required: bool) -> None:
    for field in ("primaryPeerAddressPrefix", "secondaryPeerAddressPrefix"):
        value = config.get(field)
        target = f"properties.ipv6PeeringConfig.{field}"
        net = parse_network(value)
        if net is None or net.version != 6:
            raise bad_request("InvalidIpv6PeerAddressPrefix", f"'{value}' is not a valid IPv6 prefix.", target)
        if net.prefixlen != 126:
            raise bad_request("InvalidPeerAddressPrefixLength", f"IPv6 peer address prefix {net} must be a /126.", target)
        if public_required and not is_public(net):
            raise bad_request(
                "PeerAddressPrefixNotPublic", f"IPv6 peer address prefix {net} must be public for Microsoft peering.", target
            )
    if public_required and config.get("microsoftPeeringConfig") is not None:
        _check_microsoft_config(config["microsoftPeeringConfig"], "properties.ipv6PeeringConfig.microsoftPeeringConfig", 6)
