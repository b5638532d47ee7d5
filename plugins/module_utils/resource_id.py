# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Typed Azure Resource Manager resource IDs.

Two parsers, on purpose: ``parse_strict`` for what users type (exact shape,
GUID subscription, valid names, clear error sentences) and ``parse_lenient``
for what the API answers (ARM is case-insensitive and not always consistent:
``resourcegroups``, ``expressroutecircuits``, trailing slashes).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
from dataclasses import dataclass
from typing import Optional, Tuple, Union

# Resource types this collection works with, in their canonical spelling.
CIRCUIT = "Microsoft.Network/expressRouteCircuits"
PEERING = "Microsoft.Network/expressRouteCircuits/peerings"
CIRCUIT_AUTHORIZATION = "Microsoft.Network/expressRouteCircuits/authorizations"
CIRCUIT_CONNECTION = "Microsoft.Network/expressRouteCircuits/peerings/connections"
ROUTE_FILTER = "Microsoft.Network/routeFilters"
AVS_PRIVATE_CLOUD = "Microsoft.AVS/privateClouds"
AVS_AUTHORIZATION = "Microsoft.AVS/privateClouds/authorizations"
AVS_GLOBAL_REACH_CONNECTION = "Microsoft.AVS/privateClouds/globalReachConnections"
VIRTUAL_NETWORK = "Microsoft.Network/virtualNetworks"
SUBNET = "Microsoft.Network/virtualNetworks/subnets"
VIRTUAL_NETWORK_GATEWAY = "Microsoft.Network/virtualNetworkGateways"
GATEWAY_CONNECTION = "Microsoft.Network/connections"

# Lower-case segment -> canonical spelling, used to print IDs the way the
# Azure docs do whatever case the input used.
_CANONICAL_SEGMENTS = {
    segment.lower(): segment
    for segment in (
        "Microsoft.Network", "Microsoft.AVS", "expressRouteCircuits", "peerings",
        "authorizations", "connections", "routeFilters", "privateClouds",
        "globalReachConnections", "virtualNetworks", "subnets", "virtualNetworkGateways",
    )
}

# Placeholders shown in error messages: what an ID of each type looks like.
_EXAMPLE_NAMES = {
    CIRCUIT: ("<circuit>",),
    PEERING: ("<circuit>", "AzurePrivatePeering"),
    CIRCUIT_AUTHORIZATION: ("<circuit>", "<authorization>"),
    CIRCUIT_CONNECTION: ("<circuit>", "AzurePrivatePeering", "<connection>"),
    ROUTE_FILTER: ("<route-filter>",),
    AVS_PRIVATE_CLOUD: ("<private-cloud>",),
    AVS_AUTHORIZATION: ("<private-cloud>", "<authorization>"),
    AVS_GLOBAL_REACH_CONNECTION: ("<private-cloud>", "<connection>"),
    VIRTUAL_NETWORK: ("<virtual-network>",),
    SUBNET: ("<virtual-network>", "GatewaySubnet"),
    VIRTUAL_NETWORK_GATEWAY: ("<gateway>",),
    GATEWAY_CONNECTION: ("<connection>",),
}

_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# Resource groups: 1-90 letters, digits, underscores, hyphens, periods and
# parentheses, not ending in a period (Unicode letters are allowed: \w).
_RESOURCE_GROUP = re.compile(r"^[-\w.()]{1,90}$")
# Resource names (circuits, peerings, authorizations, connections, private
# clouds): 1-80 characters, start with a letter or digit, then letters, digits,
# underscores, periods or hyphens, end with a letter, digit or underscore.
_RESOURCE_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$")
_NAMESPACE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$")
_TYPE_SEGMENT = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _canonical(segment: str) -> str:
    return _CANONICAL_SEGMENTS.get(segment.lower(), segment)


@dataclass(frozen=True)
class ResourceId:
    """An ARM resource ID inside a resource group.

    ``types`` and ``names`` run in parallel from the top-level resource down:
    a peering has ``types=("expressRouteCircuits", "peerings")`` and
    ``names=("circuit1", "AzurePrivatePeering")``. ``str()`` gives the ID in
    canonical spelling.
    """

    subscription_id: str
    resource_group: str
    namespace: str
    types: Tuple[str, ...]
    names: Tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.types or len(self.types) != len(self.names):
            raise ValueError("a resource ID needs one name per resource type, got types %r and names %r"
                             % (self.types, self.names))

    @property
    def type(self) -> str:
        """Full type, like ``Microsoft.Network/expressRouteCircuits/peerings``."""
        return "/".join((self.namespace,) + self.types)

    @property
    def name(self) -> str:
        """The name of the resource itself (the last name in the chain)."""
        return self.names[-1]

    @property
    def id(self) -> str:
        return str(self)

    @property
    def parent(self) -> Optional["ResourceId"]:
        """The resource one level up (a peering's circuit), or None at the top."""
        if len(self.types) == 1:
            return None
        return ResourceId(self.subscription_id, self.resource_group, self.namespace,
                          self.types[:-1], self.names[:-1])

    def child(self, resource_type: str, name: str) -> "ResourceId":
        """The ID of a child resource, like ``circuit.child("peerings", "AzurePrivatePeering")``."""
        return ResourceId(self.subscription_id, self.resource_group, self.namespace,
                          self.types + (_canonical(resource_type),), self.names + (name,))

    def is_type(self, resource_type: str) -> bool:
        """Whether this ID is of the given full type, compared case-insensitively."""
        return self.type.lower() == resource_type.lower()

    def __str__(self) -> str:
        chain = "".join("/%s/%s" % pair for pair in zip(self.types, self.names))
        return "/subscriptions/%s/resourceGroups/%s/providers/%s%s" % (
            self.subscription_id, self.resource_group, self.namespace, chain)


def example_id(resource_type: str) -> str:
    """What an ID of a known type looks like, with placeholders, for messages."""
    namespace, types = _split_type(resource_type)
    names = _EXAMPLE_NAMES.get(_canonical_type(resource_type), tuple("<name>" for _segment in types))
    return str(ResourceId("<subscription-guid>", "<resource-group>", namespace, types, names))


def _split_type(resource_type: str) -> Tuple[str, Tuple[str, ...]]:
    parts = resource_type.split("/")
    return _canonical(parts[0]), tuple(_canonical(part) for part in parts[1:])


def _canonical_type(resource_type: str) -> str:
    namespace, types = _split_type(resource_type)
    return "/".join((namespace,) + types)


def parse_strict(text: str, expected_type: Optional[str] = None) -> ResourceId:
    """Parse a resource ID a user typed; raise ValueError saying what is wrong.

    The shape must be exact: ``/subscriptions/<guid>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>[/<type>/<name>...]``
    with no trailing slash or surrounding spaces. Fixed words, namespaces and
    types are matched case-insensitively and returned in canonical spelling;
    the subscription must be a GUID and every name valid for ARM. With
    ``expected_type`` (such as ``PEERING``) the ID must be of that type.
    """
    if not isinstance(text, str):
        raise ValueError("must be a resource ID string, got %s" % type(text).__name__)
    wanted = (" like %s" % example_id(expected_type)) if expected_type else ""
    if text != text.strip():
        raise ValueError("must not start or end with spaces")
    if not text.startswith("/"):
        raise ValueError("must be a full resource ID starting with /subscriptions/%s" % wanted)
    if text.endswith("/"):
        raise ValueError("must not end with a slash")
    segments = text[1:].split("/")
    if any(segment == "" for segment in segments):
        raise ValueError("must not contain empty segments (//)")
    if (len(segments) < 8 or len(segments) % 2 != 0 or segments[0].lower() != "subscriptions"
            or segments[2].lower() != "resourcegroups" or segments[4].lower() != "providers"):
        raise ValueError("must have the shape /subscriptions/<subscription-guid>/resourceGroups/"
                         "<resource-group>/providers/<Namespace>/<type>/<name>%s" % wanted)
    subscription_id, resource_group, namespace = segments[1], segments[3], segments[5]
    if not _GUID.match(subscription_id):
        raise ValueError("the subscription %r must be a GUID like 00000000-0000-0000-0000-000000000000"
                         % subscription_id)
    if not _RESOURCE_GROUP.match(resource_group) or resource_group.endswith("."):
        raise ValueError("the resource group name %r must be 1-90 letters, digits, underscores, hyphens, "
                         "periods or parentheses, not ending in a period" % resource_group)
    if not _NAMESPACE.match(namespace):
        raise ValueError("the provider namespace %r must look like Microsoft.Network" % namespace)
    types = tuple(segments[6::2])
    names = tuple(segments[7::2])
    for resource_type in types:
        if not _TYPE_SEGMENT.match(resource_type):
            raise ValueError("the resource type %r must be letters and digits only" % resource_type)
    for name in names:
        if not _RESOURCE_NAME.match(name):
            raise ValueError("the resource name %r must be 1-80 letters, digits, underscores, periods or "
                             "hyphens, starting with a letter or digit and ending with a letter, digit or "
                             "underscore" % name)
    resource_id = ResourceId(subscription_id, resource_group, _canonical(namespace),
                             tuple(_canonical(item) for item in types), names)
    if expected_type and not resource_id.is_type(expected_type):
        raise ValueError("must be the ID of a %s resource%s; this is the ID of a %s resource"
                         % (_canonical_type(expected_type), wanted, resource_id.type))
    return resource_id


def parse_lenient(text: object) -> Optional[ResourceId]:
    """Parse a resource ID the API returned; None if it is not an ARM resource ID.

    Tolerates any case of the fixed words, namespaces and types, surrounding
    spaces and trailing slashes. Names are kept as given; the subscription
    need not be a GUID (API examples use ``subid``).
    """
    if not isinstance(text, str):
        return None
    segments = text.strip().strip("/").split("/")
    if (len(segments) < 8 or len(segments) % 2 != 0 or any(segment == "" for segment in segments)
            or segments[0].lower() != "subscriptions" or segments[2].lower() != "resourcegroups"
            or segments[4].lower() != "providers"):
        return None
    return ResourceId(segments[1], segments[3], _canonical(segments[5]),
                      tuple(_canonical(item) for item in segments[6::2]), tuple(segments[7::2]))


IdLike = Union[str, ResourceId, None]


def _comparable(value: IdLike) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, ResourceId):
        return str(value).lower()
    parsed = parse_lenient(value)
    return str(parsed).lower() if parsed else str(value).strip().rstrip("/").lower()


def same_resource(first: IdLike, second: IdLike) -> bool:
    """Whether two IDs name the same resource; ARM compares IDs case-insensitively.

    Accepts strings or ``ResourceId``. Two Nones are the same (nothing);
    None and an ID are not.
    """
    return _comparable(first) == _comparable(second)


def _make(subscription_id: str, resource_group: Optional[str], resource_type: str, *names: str) -> ResourceId:
    namespace, types = _split_type(resource_type)
    return ResourceId(subscription_id, resource_group, namespace, types, tuple(names))


def resource_id_of(subscription_id: str, resource_group: str, resource_type: str, *names: str) -> ResourceId:
    """The typed ID of a resource of resource_type (a constant of this file) named by names."""
    return _make(subscription_id, resource_group, resource_type, *names)


def circuit_id(subscription_id: str, resource_group: str, circuit: str) -> ResourceId:
    return _make(subscription_id, resource_group, CIRCUIT, circuit)


def peering_id(subscription_id: str, resource_group: str, circuit: str, peering: str) -> ResourceId:
    return _make(subscription_id, resource_group, PEERING, circuit, peering)


def circuit_authorization_id(subscription_id: str, resource_group: str, circuit: str,
                             authorization: str) -> ResourceId:
    return _make(subscription_id, resource_group, CIRCUIT_AUTHORIZATION, circuit, authorization)


def circuit_connection_id(subscription_id: str, resource_group: str, circuit: str, peering: str,
                          connection: str) -> ResourceId:
    return _make(subscription_id, resource_group, CIRCUIT_CONNECTION, circuit, peering, connection)


def avs_private_cloud_id(subscription_id: str, resource_group: str, private_cloud: str) -> ResourceId:
    return _make(subscription_id, resource_group, AVS_PRIVATE_CLOUD, private_cloud)


def avs_authorization_id(subscription_id: str, resource_group: str, private_cloud: str,
                         authorization: str) -> ResourceId:
    return _make(subscription_id, resource_group, AVS_AUTHORIZATION, private_cloud, authorization)


def avs_global_reach_connection_id(subscription_id: str, resource_group: str, private_cloud: str,
                                   connection: str) -> ResourceId:
    return _make(subscription_id, resource_group, AVS_GLOBAL_REACH_CONNECTION, private_cloud, connection)
