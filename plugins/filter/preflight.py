# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pre-flight report of a plan of sites: a filter, since it is a pure function of what the play holds."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.preflight import preflight as preflight_findings


def preflight(sites, circuit=None, private_clouds=None, geopolitical_regions=None):
    """See preflight.yml."""
    if not is_sequence(sites):
        raise AnsibleFilterError("preflight needs the sites of the plan (a list) as its input, got %s"
                                 % type(sites).__name__)
    if circuit is not None and not isinstance(circuit, dict):
        raise AnsibleFilterError("preflight: circuit must be the circuit as circuit_info returns it (a dict), got %s"
                                 % type(circuit).__name__)
    if private_clouds is not None and not is_sequence(private_clouds):
        raise AnsibleFilterError("preflight: private_clouds must be a list (one per site), got %s"
                                 % type(private_clouds).__name__)
    if geopolitical_regions is not None and not isinstance(geopolitical_regions, dict):
        raise AnsibleFilterError("preflight: geopolitical_regions must map locations and regions to geopolitical "
                                 "regions, got %s" % type(geopolitical_regions).__name__)
    return preflight_findings(list(sites), circuit, list(private_clouds or []), geopolitical_regions or {})


class FilterModule(object):
    def filters(self):
        return {'preflight': preflight}
