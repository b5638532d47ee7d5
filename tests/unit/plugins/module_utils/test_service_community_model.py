# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""service_community_model: the catalogue in the user schema and picking communities by name or value."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.service_community_model import (
    community_values, select_services, service_from_api)


def community(name, value, *prefixes):
    return {'communityName': name, 'communityValue': value, 'communityPrefixes': list(prefixes),
            'serviceSupportedRegion': 'Global', 'serviceGroup': 'O365', 'isAuthorizedToUse': False}


# The shape of azure-rest-api-specs' ServiceCommunityList example.
CATALOGUE = [
    {'id': '/subscriptions//resourceGroups//providers/Microsoft.Network/bgpServiceCommunities/Exchange',
     'name': 'Exchange', 'type': 'Microsoft.Network/bgpServiceCommunities',
     'properties': {'serviceName': 'Exchange', 'bgpCommunities': [
         community('Exchange', '12076:5010', '40.96.0.0/13'),
         community('Exchange IPv6', '12076:5010', '2603:1006::/40')]}},
    {'name': 'AzureActiveDirectory', 'properties': {'serviceName': 'AzureActiveDirectory', 'bgpCommunities': [
        community('Azure Active Directory', '12076:5060', '40.126.0.0/19')]}},
]


def services():
    return [service_from_api(item) for item in CATALOGUE]


def test_service_from_api():
    wire = copy.deepcopy(CATALOGUE[0])
    service = service_from_api(wire)
    assert wire == CATALOGUE[0]
    assert service['service_name'] == 'Exchange'
    assert service['communities'][0] == dict(
        community_name='Exchange', community_value='12076:5010', community_prefixes=['40.96.0.0/13'],
        service_supported_region='Global', service_group='O365', is_authorized_to_use=False)


@pytest.mark.parametrize('name, value, expected_services, expected_values', [
    (None, None, ['Exchange', 'AzureActiveDirectory'], ['12076:5010', '12076:5060']),
    ('exchange', None, ['Exchange'], ['12076:5010']),
    ('EXCHANGE ', None, ['Exchange'], ['12076:5010']),
    ('azure active directory', None, ['AzureActiveDirectory'], ['12076:5060']),  # the community's own name
    ('AzureActiveDirectory', None, ['AzureActiveDirectory'], ['12076:5060']),
    ('Exch', None, [], []),  # whole names only
    (None, '12076:5060', ['AzureActiveDirectory'], ['12076:5060']),
    ('Exchange', '12076:5060', [], []),
])
def test_select(name, value, expected_services, expected_values):
    catalogue = services()
    kept = copy.deepcopy(catalogue)
    found = select_services(catalogue, name, value)
    assert [service['service_name'] for service in found] == expected_services
    assert community_values(found) == expected_values
    assert catalogue == kept


def test_community_name_keeps_only_that_community():
    (found,) = select_services(services(), 'Exchange IPv6')
    assert [item['community_name'] for item in found['communities']] == ['Exchange IPv6']
