# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ExpressRoute virtual network gateways (Microsoft.Network/virtualNetworkGateways): between the API and the user schema.

``gateway_from_api`` turns an answer into the user schema plus read-only
fields; ``gateway_request`` builds the PUT body by read, merge, write (an
update carries every property the module does not manage); ``gateway_refusal``
says why a gateway cannot take an ExpressRoute connection.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import parse_lenient
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten, id_of

# The SKUs of ExpressRoute gateways (ErGwScale needs an autoScaleConfiguration this module does not manage yet).
ER_SKUS = ("Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ")
# FastPath (expressRouteGatewayBypass) needs one of these.
FASTPATH_SKUS = ("UltraPerformance", "ErGw3AZ")
GATEWAY_SUBNET = "GatewaySubnet"
GATEWAY_READ_ONLY = frozenset(("id", "provisioning_state", "bgp_settings", "location"))
# Set at creation: Azure cannot move a gateway to another virtual network or change its type.
GATEWAY_FIXED = ("gateway_type", "virtual_network")
# What Azure answers about a gateway and never takes back.
_SERVER_PROPERTIES = ("provisioningState", "resourceGuid", "bgpSettings", "inboundDnsForwardingEndpoint")


def virtual_network_of(subnet_id: Optional[str]) -> Optional[str]:
    """The virtual network of a subnet ID (…/virtualNetworks/<v>/subnets/<s>), or None."""
    parsed = parse_lenient(subnet_id)
    if parsed is None or parsed.parent is None:
        return None
    return str(parsed.parent)


def gateway_from_api(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A gateway in the user schema, with its BGP settings (what on-premises peers with) read-only."""
    if wire is None:
        return None
    flat = flatten(wire)
    configs = flat.get("ip_configurations") or [{}]
    subnet = id_of(((configs[0].get("properties") or {}).get("subnet")) or configs[0].get("subnet"))
    bgp = flat.get("bgp_settings") or {}
    return dict(id=flat.get("id"), name=flat.get("name"), location=flat.get("location"),
                gateway_type=flat.get("gateway_type"), sku=(flat.get("sku") or {}).get("name"),
                virtual_network=virtual_network_of(subnet), provisioning_state=flat.get("provisioning_state"),
                bgp_settings=dict(asn=bgp.get("asn"), bgp_peering_address=bgp.get("bgp_peering_address")))


def gateway_request(after: Mapping[str, Any], location: Optional[str],
                    current_wire: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The PUT body: the current gateway with the planned SKU over it, or a new one in the VNet's GatewaySubnet."""
    if current_wire is not None:
        body = copy.deepcopy(dict(current_wire))
        for envelope in ("etag", "type"):
            body.pop(envelope, None)
        properties = dict((name, value) for name, value in (body.get("properties") or {}).items()
                          if name not in _SERVER_PROPERTIES)
        properties["sku"] = dict(properties.get("sku") or {}, name=after["sku"], tier=after["sku"])
        properties["sku"].pop("capacity", None)
        body["properties"] = properties
        return body
    subnet = "%s/subnets/%s" % (after["virtual_network"], GATEWAY_SUBNET)
    return {"location": location, "properties": {
        "gatewayType": "ExpressRoute", "sku": {"name": after["sku"], "tier": after["sku"]},
        "ipConfigurations": [{"name": "default", "properties": {"privateIPAllocationMethod": "Dynamic",
                                                                "subnet": {"id": subnet}}}]}}


def gateway_result(final: Optional[Dict[str, Any]], gateway_id: str, after: Mapping[str, Any]) -> Dict[str, Any]:
    """In check mode, the gateway as the plan leaves it."""
    planned = dict(final or dict(provisioning_state=None, bgp_settings=None), id=gateway_id)
    planned.update(after)
    return planned


def validate_gateway(desired: Mapping[str, Any]) -> List[Problem]:
    """Problems with a wanted gateway's own values: ExpressRoute only, a known SKU."""
    problems = []
    if desired.get("gateway_type") != "ExpressRoute":
        problems.append(Problem("gateway_type", "must be ExpressRoute: this module manages ExpressRoute gateways only "
                                "(a Vpn gateway cannot connect to a circuit)", desired.get("gateway_type")))
    if desired.get("sku") is not None and desired["sku"] not in ER_SKUS:
        problems.append(Problem("sku", "must be one of %s" % ", ".join(ER_SKUS), desired["sku"]))
    return problems


def gateway_refusal(wire: Mapping[str, Any]) -> Optional[str]:
    """Why a gateway (wire) cannot take an ExpressRoute connection now, or None."""
    properties = wire.get("properties") or {}
    if properties.get("gatewayType") != "ExpressRoute":
        return ("gateway %s is of type %s; an ExpressRoute connection needs a gateway of type ExpressRoute "
                "(create one with hybridlink.expressroute.virtual_network_gateway)"
                % (wire.get("name"), properties.get("gatewayType")))
    if properties.get("provisioningState") != "Succeeded":
        return ("gateway %s is %s, not Succeeded; wait until it is provisioned (creating one takes tens of minutes) "
                "and rerun" % (wire.get("name"), properties.get("provisioningState")))
    return None
