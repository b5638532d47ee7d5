# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input matrix, generated from every module's argument spec.

For every option of every module (suboptions included): values of the wrong
type for its declared type, a value outside its choices, an unknown
suboption, and the domain mistakes ExpressRoute users make (out-of-range
VLANs and ASNs, reserved ASNs, malformed or misplaced CIDRs, private space on
Microsoft peering, IDs of the wrong resource type, keys of the wrong kind, a
VLAN another peering uses, overlapping subnets), plus the module-level rules
(missing required options, mutually exclusive and incomplete targets).

Each case names the option its error message must name. Every case runs
against a world where a valid call would succeed, so only the bad value can
explain a refusal.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import argspecs
from world import AMS, EXTRA, MICROSOFT, MICROSOFT_PEERING_ARGS, SV, WESTUS, WEU

# Shared options whose handling is not about the resource (auth is covered by test_auth.py).
SKIPPED = frozenset(['tenant', 'client_id', 'secret', 'certificate_password', 'auth_method'])

WRONG_TYPE = {
    'int': [('a word for a number', 'not-a-number'), ('a list for a number', [1, 2]), ('a fraction', 2.5)],
    'bool': [('a word that is not a boolean', 'maybe'), ('a list for a boolean', [True])],
    'list': [('a mapping for a list', {'a': 1})],
    'dict': [('a word for a mapping', 'not-a-mapping'), ('a list for a mapping', [1, 2])],
    'path': [],
    'str': [],
}

IPV4_PEER_SUBNET = [
    ('no prefix length', '10.0.0.0'), ('host bits set', '10.0.0.1/30'), ('not an address', '300.1.2.0/30'),
    ('a /29 for a /30', '10.0.0.0/29'), ('prefix length 33', '10.0.0.0/33'), ('IPv6 for IPv4', '2001:db8::/126'),
    ('empty', ''), ('a word', 'abc'), ('multicast', '224.0.0.0/30'),
]
IPV6_PEER_SUBNET = [
    ('a /64 for a /126', '2001:db8::/64'), ('IPv4 for IPv6', '10.0.0.0/30'), ('host bits set', '2001:db8::1/126'),
    ('a word', 'xyz'),
]
PUBLIC_PREFIXES = [
    ('private RFC 1918 space', ['10.0.0.0/24']), ('private 192.168/16 space', ['192.168.1.0/24']),
    ('shared address space', ['100.64.0.0/24']), ('the default route', ['0.0.0.0/0']),
    ('a prefix listed twice', ['131.107.0.0/24', '131.107.0.0/24']), ('a word', ['abc']),
    ('host bits set', ['131.107.0.1/24']),
]
NAMES = [
    ('empty', ''), ('dot-dot (a path segment up)', '..'), ('a single dot', '.'), ('a slash', 'a/b'),
    ('spaces', 'name with spaces'), ('81 characters', 'n' * 81), ('a leading hyphen', '-lead'),
]


class Case(object):
    def __init__(self, module, args, option, why, finding=None):
        self.module = module
        self.args = args
        self.option = option        # the option the error must name (its last path part is enough)
        self.why = why
        self.finding = finding      # key into KNOWN_FINDINGS when the collection is known to mishandle it
        self.id = None

    @property
    def leaf(self):
        return self.option.split('.')[-1].split('[')[0]

    def as_dict(self):
        return dict(id=self.id, module=self.module, option=self.option, why=self.why, finding=self.finding)


def _set(args, path, value):
    """A copy of args with the option at dotted path set (creating parent mappings)."""
    result = copy.deepcopy(args)
    node = result
    parts = path.split('.')
    for part in parts[:-1]:
        child = node.get(part)
        if isinstance(child, list) and child and isinstance(child[0], dict):
            # A list of mappings (route_filter's rules): the option of its first item.
            node = child[0]
            continue
        if not isinstance(child, dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value
    return result


def _without(args, *names):
    return dict((key, value) for key, value in args.items() if key not in names)


GEN2_RG = 'rg-avs-gen2'
TOP_LEVEL_INFO = ('gateway_connection_info', 'virtual_network_gateway_info', 'route_filter_info')


class Matrix(object):
    """Builds the cases against the ids of a lab world prepared with World.full()."""

    def __init__(self, world, specs):
        self.world = world
        self.specs = specs
        self.cases = []
        self.counter = 0

    def bases(self, module, marker):
        """Valid arguments for the module (a run with them would succeed), by flavour."""
        w = self.world
        if module == 'circuit_peering':
            return {'private': w.private_peering_args(SV),
                    'microsoft': w.circuit_args(SV, **copy.deepcopy(MICROSOFT_PEERING_ARGS))}
        base = {
            'circuit_authorization': w.circuit_args(SV, name=marker),
            'avs_authorization': w.cloud_args(WESTUS, name=marker),
            'circuit_connection': w.circuit_args(AMS, name=marker, peer_peering_id=w.peering_id(EXTRA),
                                                 address_prefix='10.255.8.0/29'),
            'avs_global_reach': w.cloud_args(WEU, name=marker, peer_express_route_circuit=w.circuit_id(SV),
                                             authorization_key=w.spare_key),
            'route_table_info': w.circuit_args(SV),
            # The default world's Generation 2 cloud sits in vnet-avs-gen2 (rg-avs-gen2), which has a GatewaySubnet.
            'virtual_network_gateway': dict(resource_group=GEN2_RG, name=marker, virtual_network='vnet-avs-gen2',
                                            sku='ErGw1AZ'),
            'virtual_network_gateway_info': dict(resource_group=GEN2_RG, name=marker),
            'gateway_connection': dict(resource_group=GEN2_RG, name=marker, virtual_network_gateway='ergw-' + marker,
                                       peer_express_route_circuit=w.circuit_id(SV), authorization_key=w.spare_key),
            'gateway_connection_info': dict(resource_group=GEN2_RG, name=marker),
            'route_filter': dict(resource_group=w.circuit_args(SV)['resource_group'], name=marker, location='westus',
                                 rules=[dict(name='allow-exchange', communities=['12076:5010'])]),
            'route_filter_info': dict(resource_group=w.circuit_args(SV)['resource_group'], name=marker),
            'bgp_service_community_info': dict(service_name='Exchange'),
        }.get(module)
        if base is None:
            base = w.cloud_args(WESTUS) if module.startswith('avs_') else w.circuit_args(SV)
        return {'default': base}

    def add(self, module, args, option, why, finding=None):
        case = Case(module, args, option, why, finding)
        self.counter += 1
        case.id = 'case_%d' % self.counter
        self.cases.append(case)
        return case

    def build(self):
        for module in sorted(self.specs):
            self._module_rules(module)
            for path, spec in argspecs.walk(self.specs[module]):
                if path.split('.')[0] in SKIPPED:
                    continue
                self._option(module, path, spec)
        return self.cases

    # --- generated from the spec ------------------------------------------------

    def _flavour(self, module, path):
        bases = self.bases(module, 'bad-%d' % (self.counter + 1))
        if module == 'circuit_peering' and ('microsoft_peering_config' in path or 'route_filter' in path
                                            or 'advertised' in path):
            return bases['microsoft']
        return bases.get('private') or bases['default']

    def _option(self, module, path, spec):
        kind = spec.get('type', 'str')
        for why, value in WRONG_TYPE.get(kind, []):
            # ansible-core itself mishandles a non-mapping given for a dict with suboptions.
            upstream = 'ANSIBLE_CORE' if kind == 'dict' and spec.get('suboptions') else None
            self.add(module, _set(self._flavour(module, path), path, value), path, why, upstream)
        if kind == 'list' and spec.get('elements') == 'int':
            self.add(module, _set(self._flavour(module, path), path, ['x']), path, 'a word in a list of numbers')
        if spec.get('choices'):
            self.add(module, _set(self._flavour(module, path), path, 'NotAChoice'), path, 'a value outside the choices')
        if spec.get('suboptions'):
            self.add(module, _set(self._flavour(module, path), path + '.no_such_suboption', 1),
                     path + '.no_such_suboption', 'an unknown suboption')
        for why, value, option, finding, extra in self._domain(module, path):
            base = dict(self._flavour(module, path), **(extra or {}))
            self.add(module, _set(base, path, value), option or path, why, finding)

    def _module_rules(self, module):
        base = self._flavour(module, '')
        self.add(module, dict(base, no_such_option=1), 'no_such_option', 'an unknown option')
        for name, spec in self.specs[module].items():
            if spec.get('required'):
                self.add(module, _without(base, name), name, 'a required option left out')
        if 'circuit_id' in self.specs[module]:
            self.add(module, dict(base, circuit_id=self.world.circuit_id(SV)), 'circuit_id',
                     'circuit_id together with circuit_name')
            self.add(module, _without(base, 'resource_group'), 'resource_group', 'circuit_name without resource_group')
        if 'private_cloud_id' in self.specs[module]:
            self.add(module, dict(base, private_cloud_id=self.world.cloud_id(WESTUS)), 'private_cloud_id',
                     'private_cloud_id together with private_cloud_name')
            self.add(module, _without(base, 'resource_group'), 'resource_group',
                     'private_cloud_name without resource_group')
        for option in ('peer_peering_id', 'peer_express_route_circuit'):
            if option in self.specs[module]:
                self.add(module, _without(base, option), option, 'state=present without %s' % option)

    # --- what ExpressRoute users get wrong, by option ---------------------------------

    def _domain(self, module, path):
        """(why, value, option named in the error or None for path, known finding or None, other arguments)."""
        w = self.world
        leaf = path.split('.')[-1]
        found = []

        def add(why, value, option=None, finding=None, extra=None):
            found.append((why, value, option, finding, extra))

        if leaf == 'vlan_id':
            for value in (0, 4095, -1):
                add('VLAN %d' % value, value)
        if leaf == 'peer_asn':
            for value in (0, 4294967296, 65515, 65517, 65520, -5):
                add('ASN %d' % value, value)
        if leaf == 'customer_asn':
            for why, value in (('a private ASN', 64512), ('AS_TRANS', 23456), ('ASN 0', 0),
                               ('a 4-byte private ASN', 4200000001), ('a documentation ASN', 64500)):
                add(why, value)
        if leaf == 'legacy_mode':
            add('a negative number', -1)
        if module == 'circuit_peering' and path in ('primary_peer_address_prefix', 'secondary_peer_address_prefix'):
            for why, value in IPV4_PEER_SUBNET:
                add(why, value)
        if path.startswith('ipv6_peering_config.') and leaf.endswith('peer_address_prefix'):
            for why, value in IPV6_PEER_SUBNET:
                add(why, value)
        if leaf == 'advertised_public_prefixes':
            for why, value in PUBLIC_PREFIXES:
                if path.startswith('ipv6'):
                    value = [item.replace('131.107.0', '2001:4898:0') if ':' not in item else item for item in value]
                add(why, value)
        if leaf == 'advertised_communities':
            add('a community part above 65535', ['12076:99999'])
            add('a word', ['abc'])
        if leaf == 'shared_key':
            add('an empty key', '')
            add('a 26-character key', 'k' * 26)
        if module == 'route_filter' and leaf == 'communities':
            add('a community part above 65535', ['12076:99999'])
            add('no colon', ['12076'])
            add('a community listed twice', ['12076:5010', '12076:5010'])
        if module == 'bgp_service_community_info' and leaf == 'community_value':
            add('a service name for a community value', 'Exchange')
        if module == 'route_filter' and leaf == 'access':
            add('Deny: Azure route filter rules only allow', 'Deny')
        if module == 'route_filter' and leaf == 'route_filter_rule_type':
            add('a rule type Azure does not have', 'Prefix')
        if leaf == 'route_filter_id':
            add('not a resource ID', 'not-an-id')
            add('the ID of a circuit', w.circuit_id(SV))
        if leaf == 'address_spaces_in_use':
            add('not a prefix', ['not-a-cidr'])
            if module == 'circuit_peering':
                add('a range the peering subnets overlap', ['10.0.0.0/24'], 'primary_peer_address_prefix')
            if module == 'circuit_connection':
                add('a range the /29 overlaps', ['10.255.8.0/24'], 'address_prefix')
        if module == 'circuit_connection' and leaf == 'address_prefix':
            for why, value in (('a /30 for a /29', '10.255.8.0/30'), ('host bits set', '10.255.8.1/29'),
                               ('a word', 'abc'), ('IPv6 for IPv4', '2001:db8::/125'),
                               ('overlapping the peer circuit\'s link subnets', '10.0.2.0/29'),
                               ('overlapping this circuit\'s link subnets', '10.0.1.0/29'),
                               ('overlapping an existing connection', '10.255.0.0/29')):
                add(why, value)
        if leaf == 'ipv6_address_prefix':
            add('a /126 for a /125', '2001:db8::/126')
            add('IPv4 for IPv6', '10.255.8.0/29')
        if leaf == 'peer_peering_id':
            add('not a resource ID', 'not-an-id')
            add('a circuit ID, not a peering', w.circuit_id(SV))
            add('a peering on the same circuit', w.peering_id(AMS))
            add('a Microsoft peering', w.peering_id(SV, MICROSOFT))
            add('the ID of a private cloud', w.cloud_id(WESTUS))
        if leaf == 'authorization_key':
            add('not a GUID', 'not-a-guid')
            add('the authorization\'s resource ID instead of its key', w.circuit_id(SV) + '/authorizations/spare')
            if module == 'avs_global_reach':
                add('a key of the private cloud\'s own (AVS-side) authorization', w.avs_keys[WEU])
        if leaf == 'peer_express_route_circuit':
            add('not a resource ID', 'not-an-id')
            add('a peering ID, not a circuit', w.peering_id(SV))
            add('the ID of a private cloud', w.cloud_id(WESTUS))
            if module == 'avs_global_reach':  # a gateway connection may use it (an AVS key, the Gen 1 hub path)
                add('the private cloud\'s own AVS-managed circuit', w.avs_managed_circuit(WEU))
        if leaf == 'circuit_id':
            add('not a resource ID', 'not-an-id')
            add('the ID of a private cloud', w.cloud_id(WESTUS))
            add('a peering ID', w.peering_id(SV))
            add('a subscription that is not a GUID',
                '/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/x')
        if leaf == 'private_cloud_id':
            add('not a resource ID', 'not-an-id')
            add('the ID of a circuit', w.circuit_id(SV))
        if leaf == 'prefixes':
            add('a word', ['abc'])
            add('host bits set', ['192.168.0.1/16'])
        if leaf == 'next_hop':
            add('not an IP address', 'not-an-ip')
            add('a prefix, not an address', '10.0.0.0/30')
        if leaf == 'include_routes':
            add('false while prefixes filter the routes', False, extra={'prefixes': ['192.168.0.0/16']})
        if leaf == 'cloud_environment':
            add('an unknown cloud name', 'Mars')
            add('a plain http metadata URL', 'http://127.0.0.1:9')
        if leaf == 'subscription_id':
            add('not a GUID', 'not-a-guid', finding='SUBSCRIPTION')
        if leaf == 'operation_timeout':
            add('a negative timeout', -1, finding='TIMEOUTS')
            add('a zero timeout', 0, finding='TIMEOUTS')
        if leaf == 'wait_timeout':
            add('a negative timeout', -1, finding='TIMEOUTS')
        if leaf == 'ca_bundle':
            add('a file that does not exist', '/nonexistent/bad.pem', finding='MISSING_FILE')
        if leaf == 'certificate_path':
            add('a file that does not exist (auth_method=certificate)', '/nonexistent/bad.pem', finding='MISSING_FILE',
                extra={'auth_method': 'certificate'})
        # An info module's name is a URL segment too where the resource is top-level (gateways, connections).
        if leaf in ('name', 'circuit_name', 'private_cloud_name') and not (
                module.endswith('_info') and leaf == 'name' and module not in TOP_LEVEL_INFO):
            for why, value in NAMES:
                add('a name that is %s' % why, value, finding='NAMES')
        return found


def peering_vlan_conflict(world):
    """MicrosoftPeering asking for the VLAN the circuit's private peering already uses."""
    return Case('circuit_peering', world.circuit_args(SV, **dict(copy.deepcopy(MICROSOFT_PEERING_ARGS), vlan_id=100)),
                'vlan_id', 'a VLAN another peering of the circuit uses')


def private_subnets_on_microsoft_peering(world):
    return Case('circuit_peering', world.circuit_args(SV, **dict(
        copy.deepcopy(MICROSOFT_PEERING_ARGS), primary_peer_address_prefix='10.1.0.0/30',
        secondary_peer_address_prefix='10.1.0.4/30')), 'primary_peer_address_prefix',
        'private link subnets on Microsoft peering')


def extra_cases(world):
    return [peering_vlan_conflict(world), private_subnets_on_microsoft_peering(world)]
