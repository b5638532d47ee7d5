# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The validation core: pure validators returning lists of Problem.

One validator per module; this package re-exports them so callers can write
``from ...module_utils.validation import validate_peering``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import (  # noqa: F401
    PEER_PREFIX_LENGTH,
    RESERVED_RANGES,
    ReservedRange,
    check_not_overlapping,
    check_peer_subnet_pair,
    check_prefix_list,
    check_public_prefix,
    customer_and_microsoft_addresses,
    parse_prefix,
    public_problems,
    reserved_range_of,
    reserved_ranges_within,
    split_peer_prefix,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.asn import (  # noqa: F401
    MICROSOFT_RESERVED,
    NON_PUBLIC_ASN_RANGES,
    asn_size,
    check_customer_asn,
    check_peer_asn,
    non_public_range_of,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.connection import (  # noqa: F401
    check_authorization_key,
    validate_avs_global_reach_connection,
    validate_circuit_connection,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.default_route import (  # noqa: F401
    lone_default_route_warning,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.global_reach import (  # noqa: F401
    GLOBAL_REACH_PREFIX_LENGTH,
    check_global_reach_prefix,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.peering import (  # noqa: F401
    MICROSOFT_PEERING,
    PEERING_STATES,
    PEERING_TYPES,
    PRIVATE_PEERING,
    validate_peering,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.registry import (  # noqa: F401
    ROUTING_REGISTRIES,
    check_routing_registry,
    normalise_routing_registry,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.shared_key import (  # noqa: F401
    MAX_SHARED_KEY_LENGTH,
    check_shared_key,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.vlan import (  # noqa: F401
    MAX_VLAN,
    MIN_VLAN,
    check_vlan,
)
