# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake Azure Resource Manager under arm.ArmClient, to run a whole module in-process.

The fake sits at the lowest seam arm.py offers: the requests session inside
azure-core's RequestsTransport. Everything above it is the real code: the
module's main() and argument spec, AzureModule (check mode, retries, secret
scrubbing), the API layer, arm.ArmClient with azure-core's pipeline, error
mapping and ARM long-running-operation polling. The fake keeps resources by
path, answers GET/PUT/DELETE and listKeys as ARM does (children inline in
their parent's GET, collections as {"value": [...]}), and records every
request, so a test can count the writes a run sent.

What Azure would decide by itself (a key already in use, a field it refuses
to change) is not modelled: a test tells the fake to refuse a request with
``refuse_next``, the way ARM answers (synchronously, or as a long-running
operation that ends Failed).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import io
import json
import uuid

import pytest

requests = pytest.importorskip('requests')
urllib3 = pytest.importorskip('urllib3')
pytest.importorskip('azure.mgmt.core')

from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.pipeline.transport import RequestsTransport  # noqa: E402

from ansible.module_utils.testing import patch_module_args  # noqa: E402

from ansible_collections.hybridlink.expressroute.plugins.module_utils import arm  # noqa: E402
from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import (  # noqa: E402
    MASKED_KEY)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule  # noqa: E402

BASE = 'https://management.example/'
SUBSCRIPTION = '00000000-0000-0000-0000-00000000aaaa'
OPERATIONS = '/fake-operations/'
# Collections that ARM lists, and the ones a parent's GET carries inline (ExpressRoute circuits and peerings).
COLLECTIONS = frozenset(['authorizations', 'peerings', 'connections', 'globalreachconnections',
                         'virtualnetworkgateways', 'expressroutecircuits', 'privateclouds'])
INLINE = ('peerings', 'authorizations', 'connections')
WRITE_METHODS = ('PUT', 'PATCH', 'DELETE')
READ_ONLY_ACTIONS = ('listkeys',)


class FakeCredential(object):
    def get_token(self, *scopes, **kwargs):
        return AccessToken('token', 4102444800)


def network(resource_group, *segments):
    """/subscriptions/../resourceGroups/<rg>/providers/Microsoft.Network/<segments...>."""
    return '/'.join(['/subscriptions', SUBSCRIPTION, 'resourceGroups', resource_group, 'providers',
                     'Microsoft.Network'] + list(segments))


def avs(resource_group, *segments):
    return '/'.join(['/subscriptions', SUBSCRIPTION, 'resourceGroups', resource_group, 'providers',
                     'Microsoft.AVS', 'privateClouds'] + list(segments))


def _server_fields(path, properties):
    """What ARM adds to a written resource, by kind: generated keys and a connected status."""
    kind = path.lower().split('/')[-2]
    properties['provisioningState'] = 'Succeeded'  # the write succeeds; a request cannot set it
    if kind == 'authorizations' and '/microsoft.network/' in path.lower():
        properties.setdefault('authorizationKey', str(uuid.uuid4()))
        properties.setdefault('authorizationUseStatus', 'Available')
    elif kind == 'authorizations':
        properties.setdefault('expressRouteAuthorizationKey', str(uuid.uuid4()))
        properties.setdefault('expressRouteId', '/subscriptions/avs/resourceGroups/tnt/providers/'
                                                'Microsoft.Network/expressRouteCircuits/tnt-er')
    elif kind in ('globalreachconnections',) or '/peerings/' in path.lower() and kind == 'connections':
        properties.setdefault('circuitConnectionStatus', 'Connected')
    elif kind == 'connections':
        properties.setdefault('connectionStatus', 'Connected')


class FakeArm(object):
    """Resources by path, every request recorded; a requests.Session stand-in for azure-core's transport."""

    def __init__(self, mask_keys=True):
        self.resources = {}
        self.sent = []
        self.refusals = []
        self.operations = {}
        # Since api-version 2026-01-01 a GET answers circuit authorization keys as zeros; listKeys gives them.
        self.mask_keys = mask_keys
        self.etag = 0

    # --- the test's side ---------------------------------------------------

    def add(self, path, properties=None, **fields):
        """Store a resource as Azure has it (name and id from the path)."""
        resource = dict(fields, name=path.split('/')[-1], id=path, properties=dict(properties or {}))
        self.resources[path.lower()] = resource
        return resource

    def get(self, path):
        return self.resources.get(path.lower())

    def refuse_next(self, method, path_end, code, message, status=400, asynchronous=False):
        """Refuse the next request of that method to a path ending so (case-insensitive) with an ARM error.

        asynchronous: accept it (201) and end its operation Failed, as Azure does for Global Reach.
        """
        self.refusals.append(dict(method=method, path_end=path_end.lower(), code=code, message=message,
                                  status=status, asynchronous=asynchronous))

    @property
    def writes(self):
        """Every request that changes something: PUT, PATCH, DELETE and POST actions other than listKeys."""
        return [(method, path) for method, path, body in self.sent if method in WRITE_METHODS or (
            method == 'POST' and path.lower().rsplit('/', 1)[-1] not in READ_ONLY_ACTIONS)]

    def bodies(self, method='PUT'):
        return [body for sent_method, path, body in self.sent if sent_method == method]

    def client(self):
        transport = RequestsTransport(session=self, session_owner=False)
        return arm.ArmClient(FakeCredential(), BASE, [BASE + '.default'], polling_interval=0, transport=transport)

    # --- the session's side ------------------------------------------------

    def request(self, method, url, headers=None, data=None, **kwargs):
        path = '/' + url[len(BASE):].split('?', 1)[0]
        body = json.loads(data) if data else None
        if not path.startswith(OPERATIONS):
            self.sent.append((method, path, body))
        status, answer, extra = self._answer(method, path, body)
        return _response(url, status, answer, extra)

    def close(self):
        pass

    def _answer(self, method, path, body):
        if path.startswith(OPERATIONS):
            return 200, self.operations[path], {}
        for refusal in self.refusals:
            if refusal['method'] == method and path.lower().endswith(refusal['path_end']):
                self.refusals.remove(refusal)
                error = {'code': refusal['code'], 'message': refusal['message']}
                if not refusal['asynchronous']:
                    return refusal['status'], {'error': error}, {}
                operation = OPERATIONS + str(len(self.operations))
                self.operations[operation] = {'status': 'Failed', 'error': error}
                return 201, dict(body or {}, properties=dict((body or {}).get('properties') or {},
                                                             provisioningState='Updating')), {
                    'Azure-AsyncOperation': BASE + operation.lstrip('/')}
        handler = getattr(self, '_' + method.lower())
        return handler(path, body)

    def _get(self, path, body):
        if path.lower().rsplit('/', 1)[-1] in COLLECTIONS:
            return 200, {'value': [self._rendered(key) for key in self._children(path)]}, {}
        if path.lower() not in self.resources:
            return 404, {'error': {'code': 'ResourceNotFound', 'message': 'The resource %s was not found.' % path}}, {}
        return 200, self._rendered(path.lower()), {}

    def _put(self, path, body):
        existing = self.resources.get(path.lower())
        properties = dict((body or {}).get('properties') or {})
        if existing is not None:
            # Server-made fields (keys, statuses) stay unless the request sets them.
            properties = dict(existing['properties'], **properties)
        for collection in INLINE:
            properties.pop(collection, None)  # children are their own resources here
        _server_fields(path, properties)
        self.etag += 1
        resource = dict(dict((key, value) for key, value in (body or {}).items() if key != 'properties'),
                        name=path.split('/')[-1], id=path, etag='W/"%d"' % self.etag, properties=properties)
        self.resources[path.lower()] = resource
        return (200 if existing else 201), self._rendered(path.lower()), {}

    def _delete(self, path, body):
        if path.lower() not in self.resources:
            return 204, None, {}
        for key in [key for key in self.resources if key == path.lower() or key.startswith(path.lower() + '/')]:
            del self.resources[key]
        return 200, None, {}

    def _post(self, path, body):
        parent, action = path.rsplit('/', 1)
        if action.lower() == 'listkeys' and parent.lower() in self.resources:
            return 200, {'authorizationKey': self.resources[parent.lower()]['properties'].get('authorizationKey')}, {}
        return 404, {'error': {'code': 'NotFound', 'message': 'no action %s' % path}}, {}

    def _children(self, path):
        prefix = path.lower() + '/'
        return sorted(key for key in self.resources if key.startswith(prefix) and '/' not in key[len(prefix):])

    def _rendered(self, key):
        """A deep copy as ARM answers it: inline children, circuit authorization keys masked when asked."""
        resource = json.loads(json.dumps(self.resources[key]))
        for collection in INLINE:
            children = self._children(key + '/' + collection)
            if children:
                resource['properties'][collection] = [self._rendered(child) for child in children]
        properties = resource['properties']
        if self.mask_keys and properties.get('authorizationKey') and '/authorizations/' in key \
                and '/microsoft.network/' in key:
            properties['authorizationKey'] = MASKED_KEY
        return resource


def _response(url, status, body, headers):
    response = requests.Response()
    response.status_code = status
    response.reason = 'fake'
    response.url = url
    content = json.dumps(body).encode('utf-8') if body is not None else b''
    all_headers = dict({'Content-Type': 'application/json'}, **headers)
    response.headers.update(all_headers)
    response.raw = urllib3.HTTPResponse(body=io.BytesIO(content), preload_content=False, status=status,
                                        headers=all_headers)
    return response


class ModuleRun(object):
    """Runs a module's main() against a FakeArm and gives back its result (the JSON Ansible would read)."""

    def __init__(self, monkeypatch, capsys, fake):
        self.capsys = capsys
        self.fake = fake
        client = fake.client()
        monkeypatch.setattr(AzureModule, 'client', lambda self: client)

    def __call__(self, module, check_mode=False, diff=True, **args):
        params = dict(args, subscription_id=SUBSCRIPTION, _ansible_check_mode=check_mode, _ansible_diff=diff)
        written_before = len(self.fake.writes)
        self.capsys.readouterr()
        with patch_module_args(params):
            with pytest.raises(SystemExit):
                module.main()
        result = json.loads(self.capsys.readouterr().out)
        result['_writes'] = self.fake.writes[written_before:]
        return result


# --- a small world the flow tests share ---------------------------------------------------------------------------

def add_circuit(fake, resource_group, name, private_peering=True, authorizations=(), provider='Provisioned'):
    """A circuit its provider has provisioned; with AzurePrivatePeering; authorizations: (name, key, in use by)."""
    path = network(resource_group, 'expressRouteCircuits', name)
    fake.add(path, {'serviceProviderProvisioningState': provider, 'circuitProvisioningState': 'Enabled',
                    'serviceProviderProperties': {'serviceProviderName': 'Equinix', 'peeringLocation': 'Amsterdam',
                                                  'bandwidthInMbps': 1000}},
             location='westeurope', etag='W/"0"', sku={'name': 'Standard_MeteredData', 'tier': 'Standard'})
    if private_peering:
        add_private_peering(fake, path)
    for authorization, key, used_by in authorizations:
        fake.add(path + '/authorizations/' + authorization, {
            'authorizationKey': key, 'authorizationUseStatus': 'InUse' if used_by else 'Available',
            'connectionResourceUri': used_by, 'provisioningState': 'Succeeded'})
    return path


def add_private_peering(fake, circuit_path, vlan=100, first='10.0.0.0/30', second='10.0.0.4/30'):
    return fake.add(circuit_path + '/peerings/AzurePrivatePeering', {
        'peeringType': 'AzurePrivatePeering', 'state': 'Enabled', 'vlanId': vlan, 'peerASN': 65010,
        'primaryPeerAddressPrefix': first, 'secondaryPeerAddressPrefix': second, 'azureASN': 12076,
        'provisioningState': 'Succeeded'}, etag='W/"0"')


def mark_in_use(fake, authorization_path, used_by='/subscriptions/x/connections/old'):
    """An authorization whose key a connection already holds, as a readable (unmasked) GET shows it."""
    fake.mask_keys = False
    fake.get(authorization_path)['properties'].update(authorizationUseStatus='InUse', connectionResourceUri=used_by)
    return used_by


def assert_refused_before_any_write(result, phrase, *secrets):
    """The run failed, wrote nothing, said ``phrase``, and printed none of ``secrets``."""
    assert result['failed'] is True, result
    assert result['_writes'] == []
    assert phrase in result['msg'], result['msg']
    for secret in secrets:
        assert secret not in json.dumps(result)
