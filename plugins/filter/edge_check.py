# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The edge router's side of the connectivity check, and the verdict on each link from both ends.

A filter, not a module: it is a pure function of what the play already read
(the peering, Azure's route tables, the edge router's answers), so nothing
needs to travel to a host. The MD5 keys are compared as fingerprints made
with a salt that lives only for one call; the result holds neither.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import missing_prefixes
from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_diagnosis import (
    CeView, azure_links, azure_session_view, diagnose, fingerprinter, frr_routes, frr_sessions, mask_config,
    parse_ios_style_config)


def _json(value, what):
    """vtysh JSON as text (command stdout) or already parsed; None when not read."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise AnsibleFilterError("edge_check: %s is not JSON (was the command given 'json'?)" % what)
    if not isinstance(value, dict):
        raise AnsibleFilterError("edge_check: %s must be a JSON object, got %s" % (what, type(value).__name__))
    return value


def edge_check(peering, edge=None, azure_tables=None, peering_key=None, prefixes=(), prefix_match="orlonger"):
    """See edge_check.yml."""
    if not isinstance(peering, dict):
        raise AnsibleFilterError("edge_check needs the peering (as circuit_info returns it) as its input, got %s"
                                 % type(peering).__name__)
    edge = edge or {}
    if not isinstance(edge, dict):
        raise AnsibleFilterError("edge_check: edge must be a dict (config, bgp_summary, bgp_neighbors, bgp_routes, "
                                 "answered, error), got %s" % type(edge).__name__)
    if prefixes and not is_sequence(prefixes):
        raise AnsibleFilterError("edge_check: prefixes must be a list of CIDR networks")
    fingerprint = fingerprinter(os.urandom(32))
    key = peering_key if peering_key not in (None, "") else None
    links = azure_links(peering, fingerprint(str(key)) if key is not None else None,
                        key_set=True if key is not None else None)
    config_text = edge.get("config")
    config = parse_ios_style_config(config_text, fingerprint) if config_text else None
    answered = bool(edge.get("answered", True))
    summary = _json(edge.get("bgp_summary"), "bgp_summary") if answered else None
    neighbors = _json(edge.get("bgp_neighbors"), "bgp_neighbors") if answered else None
    routes_table = _json(edge.get("bgp_routes"), "bgp_routes") if answered else None
    ce = CeView(config=config, sessions=frr_sessions(summary or {}, neighbors) if answered else {},
                answered=answered, error=edge.get("error"))
    tables = azure_tables or {}
    azure = dict((device, azure_session_view(tables.get(device))) for device in ("primary", "secondary"))
    verdicts = [verdict.as_dict() for verdict in diagnose(links, ce, azure)]
    routes = frr_routes(routes_table) if routes_table is not None else None
    return dict(
        links=verdicts,
        established=all(verdict["established"] for verdict in verdicts),
        answered=answered,
        error=edge.get("error"),
        configured=config is not None,
        routes=routes,
        missing_prefixes=missing_prefixes(list(prefixes or ()), routes, prefix_match) if routes is not None
        else list(prefixes or ()),
        config=mask_config(config_text) if config_text else None,
    )


class FilterModule(object):
    """hybridlink.expressroute connectivity-check filters."""

    def filters(self):
        return {"edge_check": edge_check}
