# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whole-resource validation of Global Reach connections.

``validate_circuit_connection``: circuit-to-circuit (expressRouteCircuits/
peerings/connections), configured on one side only.
``validate_avs_global_reach_connection``: an AVS private cloud peered with
the customer's on-premises circuit. Both return every problem at once and
never modify their inputs.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
from typing import Any, List, Mapping, Optional, Sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import HIDDEN, Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    CIRCUIT,
    PEERING,
    parse_lenient,
    parse_strict,
    same_resource,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import (
    check_address_spaces,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.global_reach import (
    check_global_reach_prefix,
)

_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def check_authorization_key(option: str, value: object) -> List[Problem]:
    """An authorization key is a GUID. The value is a secret: shown as HIDDEN.

    A common mix-up is passing the authorization's resource ID instead of
    its key; the rule text says so without echoing the value.
    """
    if isinstance(value, str) and _GUID.match(value):
        return []
    if parse_lenient(value) is not None:
        return [Problem(option, "must be the authorization key (a GUID), not the authorization's resource ID",
                        HIDDEN)]
    return [Problem(option, "must be an authorization key (a GUID like 00000000-0000-0000-0000-000000000000)",
                    HIDDEN)]


def validate_circuit_connection(desired: Mapping[str, Any], *, peering_id: Optional[str] = None,
                                peer_subnets: Sequence[str] = (), address_spaces_in_use: Sequence[str] = (),
                                other_connection_prefixes: Optional[Mapping[str, Sequence[str]]] = None,
                                creating: bool = False) -> List[Problem]:
    """Every problem with a requested circuit-to-circuit Global Reach connection.

    ``desired`` holds address_prefix (/29), ipv6_address_prefix (/125),
    peer_peering_id (the other circuit's AzurePrivatePeering) and
    authorization_key (secret; needed when the peer circuit is in another
    subscription). ``peering_id`` is the local peering, so a connection to
    the same circuit is caught. The prefixes must not overlap
    ``peer_subnets``, ``address_spaces_in_use`` or any prefix of
    ``other_connection_prefixes`` (connection name -> its prefixes). With
    ``creating``, address_prefix and peer_peering_id are required. Entries
    of ``address_spaces_in_use`` that are not prefixes are problems too:
    skipped silently, they would lose the overlap check they were given for.
    """
    spaces, problems = check_address_spaces("address_spaces_in_use", address_spaces_in_use)
    in_use = [("peer subnet", prefix) for prefix in peer_subnets]
    in_use += spaces
    for name, prefixes in sorted((other_connection_prefixes or {}).items()):
        in_use += [("connection %s" % name, prefix) for prefix in prefixes]

    for option, version in (("address_prefix", 4), ("ipv6_address_prefix", 6)):
        if desired.get(option) is not None:
            problems.extend(check_global_reach_prefix(option, desired[option], version=version, in_use=in_use))
        elif creating and option == "address_prefix":
            problems.append(Problem(option, "must be set to create a Global Reach connection (a /29)"))

    peer = desired.get("peer_peering_id")
    if peer is None:
        if creating:
            problems.append(Problem("peer_peering_id", "must be set to create a Global Reach connection"))
    else:
        try:
            peer_id = parse_strict(peer, PEERING)
        except ValueError as error:
            problems.append(Problem("peer_peering_id", str(error), peer))
        else:
            if peer_id.name.lower() != "azureprivatepeering":
                problems.append(Problem("peer_peering_id", "must be an AzurePrivatePeering; Global Reach connects "
                                        "private peerings, this is %s" % peer_id.name, peer))
            local = parse_lenient(peering_id)
            if local is not None and same_resource(local.parent, peer_id.parent):
                problems.append(Problem("peer_peering_id", "must be a peering on another circuit, not on %s"
                                        % local.parent.name, peer))

    if desired.get("authorization_key") is not None:
        problems.extend(check_authorization_key("authorization_key", desired["authorization_key"]))
    return problems


def validate_avs_global_reach_connection(desired: Mapping[str, Any], *, creating: bool = False) -> List[Problem]:
    """Every problem with a requested AVS Global Reach connection.

    ``desired`` holds peer_express_route_circuit (the on-premises circuit's
    resource ID, not a peering) and authorization_key (secret, created on
    that customer circuit, not on the AVS circuit); optionally
    express_route_id (a circuit ID). Both are required with ``creating``.
    """
    problems = []
    for option in ("peer_express_route_circuit", "express_route_id"):
        value = desired.get(option)
        if value is None:
            if creating and option == "peer_express_route_circuit":
                problems.append(Problem(option, "must be set to create a Global Reach connection"))
            continue
        try:
            parse_strict(value, CIRCUIT)
        except ValueError as error:
            problems.append(Problem(option, str(error), value))
    key = desired.get("authorization_key")
    if key is None:
        if creating:
            problems.append(Problem("authorization_key", "must be set to create a Global Reach connection; "
                                    "create it on the on-premises circuit, not on the AVS circuit"))
    else:
        problems.extend(check_authorization_key("authorization_key", key))
    return problems
