# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Defects of the collection this suite shows, one constant each: where, what happens, what should.

Each is the reason of an xfail(strict=True, raises=Finding) marker (harness.known),
so the test turns red the day the defect is fixed and the marker must go.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

NAMES_NOT_VALIDATED = (
    'plugins/module_utils/targets.py:47 circuit_target() and the name option of circuit_authorization put names into '
    'request URLs unchecked (the AVS modules, circuit_connection and route_table_info check theirs since 5218ceb; the '
    'circuit modules circuit_authorization, circuit_peering, circuit_info, circuit_authorization_info and '
    'circuit_peering_info do not). requests normalises dot segments, so ".." addresses the parent: '
    'circuit_authorization name=".." state=absent DELETEs the whole ExpressRoute circuit (test_data_loss.py shows it); '
    'circuit_name="a/b" or ".." reaches other paths ("Azure request failed (HTTP 404, InvalidResourceType)", without '
    'naming the option), name="" reads the list of authorizations as if it were one, and names Azure refuses '
    '(spaces, 81 characters, a leading hyphen) are sent. Check circuit_name, resource_group and name before any call '
    'with the same rule the AVS modules use, naming the option.')

SUBSCRIPTION_NOT_VALIDATED = (
    'subscription_id is not checked by the circuit modules (the AVS modules and circuit_connection check it since '
    '5218ceb): "not-a-guid" is sent to Azure; the read answers 404 SubscriptionNotFound, which modules.py:98 read() '
    'turns into "not found", so circuit_authorization goes on to a create (a PUT to the bad subscription) and fails '
    'with "Azure request failed (HTTP 404, SubscriptionNotFound)" without naming the option or the action '
    '(modules.py:142 _guarded re-raises 404 from writes, run() reports it as "Azure request"); circuit_info answers '
    'exists=false. subscription_id should be validated as a GUID before any call, in AzureModule.')

ANSIBLE_CORE_DICT_SUBOPTIONS = (
    'Upstream (ansible-core 2.21, not this collection): a dict option with suboptions given a string answers '
    '"dictionary requested, could not parse JSON or key=value" without naming the option, and given a list of '
    'numbers crashes in ansible/module_utils/common/parameters.py:837 set_fallbacks (TypeError traceback, '
    '"argument of type \'int\' is not iterable"). Affects circuit_peering microsoft_peering_config, '
    'ipv6_peering_config and ipv6_peering_config.microsoft_peering_config. Report upstream; nothing to fix here.')
