# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AVS Generation 2 private clouds: the info module tells the path, avs_global_reach refuses them before any write."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from helpers_avs import arm_requests, assert_no_key, changes, circuit_id, configure_private_peering, create_circuit_key
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

GEN2 = dict(resource_group='rg-avs-gen2', private_cloud_name='avs-westus-gen2')
GEN1 = dict(resource_group='rg-avs-prod', private_cloud_name='avs-westus-prod')


def test_the_info_module_reports_generation_and_connectivity_path(ansible, lab):
    gen2 = ansible.module('avs_private_cloud_info', GEN2)
    assert not gen2.failed, gen2.msg
    cloud = gen2.result['private_cloud']
    assert (cloud['generation'], cloud['connectivity_path']) == (2, 'gateway_connection')
    assert cloud['virtual_network_id'].endswith('/virtualNetworks/vnet-avs-gen2')
    assert gen2.result['global_reach_connections'] == []

    gen1 = ansible.module('avs_private_cloud_info', GEN1)
    cloud = gen1.result['private_cloud']
    assert (cloud['generation'], cloud['connectivity_path'], cloud['virtual_network_id']) == (1, 'global_reach', None)


def test_global_reach_refuses_a_generation_2_cloud_before_any_write(ansible, lab):
    configure_private_peering(lab, 'er-sv-primary')
    key = create_circuit_key(lab, 'er-sv-primary', 'for-gen2')
    lab.admin.clear_log()
    args = dict(GEN2, name='onprem', peer_express_route_circuit=circuit_id(lab, 'er-sv-primary'), authorization_key=key)
    for check in (True, False):
        refused = ansible.module('avs_global_reach', args, check=check)
        assert refused.failed and 'Generation 2' in refused.msg, refused.msg
        assert 'gateway_connection' in refused.msg and 'virtual_network_gateway' in refused.msg
        assert_no_key(refused, key)
    assert changes(lab) == []
    assert [entry['method'] for entry in arm_requests(lab)] == ['GET'] * 4
