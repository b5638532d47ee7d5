# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""azure.azcollection's modules, unchanged, against the lab: one playbook through whole lifecycles.

azure_rm_expressroute / azure_rm_expressroute_info for a circuit, and
azure_rm_resource / azure_rm_resource_info for what azure.azcollection has no
module for: a circuit peering and authorization, an AVS authorization, and
AVS Global Reach to the on-premises circuit.

A custom cloud reaches azure.azcollection only through azure-cli-core's cloud
list: `cloud_environment: <ARM URL>` is looked up among the clouds
azure-cli-core knows, which ARM_CLOUD_METADATA_URL extends. That variable
wants a list of clouds (public Azure's shape); a custom cloud such as Azure
Stack Hub, and the lab, answer one object, so the one object is wrapped in a
list in a local file, as a real custom cloud's users have to do.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import ssl
import subprocess
import textwrap
import urllib.request

import pytest

from helpers_clients import AVS_RG, AZC_VENV, RG, SUB, circuit_id, require

PLAYBOOK = textwrap.dedent('''\
    - hosts: localhost
      gather_facts: false
      vars:
        net_api: "2024-05-01"
        circuit: "{{ circuit_id }}"
        cloud_path: "/subscriptions/{{ sub }}/resourceGroups/{{ avs_rg }}/providers/Microsoft.AVS/privateClouds/avs-westus-prod"
      tasks:
        - name: Create a circuit
          azure.azcollection.azure_rm_expressroute:
            resource_group: "{{ rg }}"
            name: er-azc
            location: westus
            service_provider_properties: {service_provider_name: Equinix, peering_location: Silicon Valley,
                                          bandwidth_in_mbps: "200"}
            sku: {tier: standard, family: metereddata}
            tags: {owner: azcollection}
          register: circuit_created

        - name: Read it back
          azure.azcollection.azure_rm_expressroute_info:
            resource_group: "{{ rg }}"
            name: er-azc
          register: circuit_read

        - name: Private peering on the on-premises circuit (azure_rm_resource)
          azure.azcollection.azure_rm_resource:
            api_version: "{{ net_api }}"
            resource_group: "{{ rg }}"
            provider: network
            resource_type: expressRouteCircuits
            resource_name: er-sv-primary
            subresource: [{type: peerings, name: AzurePrivatePeering}]
            body:
              properties: {peeringType: AzurePrivatePeering, peerASN: 65010, vlanId: 100,
                           primaryPeerAddressPrefix: 10.255.0.0/30, secondaryPeerAddressPrefix: 10.255.0.4/30}
          register: peering_put

        - name: Wait for the peering
          azure.azcollection.azure_rm_resource_info:
            url: "{{ circuit }}/peerings/AzurePrivatePeering"
            api_version: "{{ net_api }}"
          register: peering_read
          until: peering_read.response[0].properties.provisioningState == 'Succeeded'
          retries: 30
          delay: 1

        - name: An authorization on the on-premises circuit, for AVS
          azure.azcollection.azure_rm_resource:
            url: "{{ circuit }}/authorizations/for-avs"
            api_version: "{{ net_api }}"
            body: {properties: {}}
          register: circuit_auth

        - name: Wait for the authorization
          azure.azcollection.azure_rm_resource_info:
            url: "{{ circuit }}/authorizations/for-avs"
            api_version: "{{ net_api }}"
          register: circuit_auth_read
          until: circuit_auth_read.response[0].properties.provisioningState == 'Succeeded'
          retries: 30
          delay: 1

        - name: An AVS authorization (api-version found through the providers API)
          azure.azcollection.azure_rm_resource:
            url: "{{ cloud_path }}/authorizations/azc"
            body: {}
          register: avs_auth

        - name: Wait for it
          azure.azcollection.azure_rm_resource_info:
            url: "{{ cloud_path }}/authorizations/azc"
            api_version: "2023-09-01"
          register: avs_auth_read
          until: avs_auth_read.response[0].properties.provisioningState == 'Succeeded'
          retries: 30
          delay: 1

        - name: The same again, with idempotency
          azure.azcollection.azure_rm_resource:
            url: "{{ cloud_path }}/authorizations/azc"
            api_version: "2023-09-01"
            idempotency: true
            body: {}
          register: avs_auth_again

        - name: AVS Global Reach to the on-premises circuit
          azure.azcollection.azure_rm_resource:
            url: "{{ cloud_path }}/globalReachConnections/to-onprem"
            api_version: "2023-09-01"
            body:
              properties:
                authorizationKey: "{{ circuit_auth.response.properties.authorizationKey }}"
                peerExpressRouteCircuit: "{{ circuit }}"
          register: gr_put
          no_log: true

        - name: Wait for Global Reach
          azure.azcollection.azure_rm_resource_info:
            url: "{{ cloud_path }}/globalReachConnections/to-onprem"
            api_version: "2023-09-01"
          register: gr_read
          until: gr_read.response[0].properties.provisioningState == 'Succeeded'
          retries: 30
          delay: 1

        - name: List Global Reach connections
          azure.azcollection.azure_rm_resource_info:
            url: "{{ cloud_path }}/globalReachConnections"
            api_version: "2023-09-01"
          register: gr_list

        - name: The circuit side sees the link
          azure.azcollection.azure_rm_resource_info:
            url: "{{ circuit }}/peerings/AzurePrivatePeering"
            api_version: "{{ net_api }}"
          register: peering_with_gr

        - name: Remove Global Reach
          azure.azcollection.azure_rm_resource:
            url: "{{ cloud_path }}/globalReachConnections/to-onprem"
            api_version: "2023-09-01"
            state: absent
            polling_timeout: 60
            polling_interval: 1
          register: gr_removed

        - name: Remove the AVS authorization
          azure.azcollection.azure_rm_resource:
            url: "{{ cloud_path }}/authorizations/azc"
            api_version: "2023-09-01"
            state: absent
            polling_timeout: 60
            polling_interval: 1
          register: avs_auth_removed

        - name: Remove the circuit
          azure.azcollection.azure_rm_expressroute:
            resource_group: "{{ rg }}"
            name: er-azc
            state: absent
          register: circuit_removed

        # By name, azure_rm_expressroute_info fails on the 404 Azure answers for a missing circuit
        # (the module's own choice), so list the group instead.
        - name: Gone
          azure.azcollection.azure_rm_expressroute_info:
            resource_group: "{{ rg }}"
          register: circuit_gone

        - name: Keep the results for the test
          ansible.builtin.copy:
            dest: "{{ results_file }}"
            content: "{{ {'circuit_created': circuit_created, 'circuit_read': circuit_read, 'peering_put': peering_put,
                          'circuit_auth_read': circuit_auth_read, 'avs_auth': avs_auth, 'avs_auth_read': avs_auth_read,
                          'avs_auth_again': avs_auth_again, 'gr_read': gr_read, 'gr_list': gr_list,
                          'peering_with_gr': peering_with_gr, 'gr_removed': gr_removed, 'avs_auth_removed': avs_auth_removed,
                          'circuit_removed': circuit_removed, 'circuit_gone': circuit_gone} | to_json }}"
    ''')


def _cloud_list_file(lab, path):
    """The lab's own metadata (one object), as the list azure-cli-core reads from ARM_CLOUD_METADATA_URL."""
    context = ssl.create_default_context(cafile=lab.ca_bundle)
    with urllib.request.urlopen(lab.url + '/metadata/endpoints?api-version=2022-09-01', context=context) as answer:
        cloud = json.load(answer)
    path.write_text(json.dumps([cloud]))
    return path


@pytest.fixture(scope='module')
def run(lab, tmp_path_factory):
    lab.admin.reset()
    lab.admin.clear_log()
    work = tmp_path_factory.mktemp('azcollection')
    playbook = work / 'lifecycle.yml'
    playbook.write_text(PLAYBOOK)
    info = lab.info
    env = {
        'PATH': os.path.join(AZC_VENV, 'bin') + os.pathsep + os.environ.get('PATH', '/usr/bin:/bin'),
        'HOME': str(work),
        'ANSIBLE_LOCAL_TEMP': str(work / 'tmp'),
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_PYTHON_INTERPRETER': os.path.join(AZC_VENV, 'bin', 'python'),
        # The credential, as AWX's Azure credential injects it.
        'AZURE_SUBSCRIPTION_ID': info['subscription_id'],
        'AZURE_TENANT': info['tenant_id'],
        'AZURE_CLIENT_ID': info['client_id'],
        'AZURE_SECRET': info['client_secret'],
        'AZURE_CLOUD_ENVIRONMENT': lab.url,
        # What any custom cloud needs: its CA, no instance discovery at login.microsoftonline.com,
        # and the cloud in azure-cli-core's list (cached in AZURE_CONFIG_DIR).
        'REQUESTS_CA_BUNDLE': lab.ca_bundle,
        'AZURE_DISABLE_INSTANCE_DISCOVERY': 'true',
        'ARM_CLOUD_METADATA_URL': _cloud_list_file(lab, work / 'clouds.json').as_uri(),
        'AZURE_CONFIG_DIR': str(work / 'azure-config'),
    }
    results_file = work / 'results.json'
    extra = {'rg': RG, 'avs_rg': AVS_RG, 'sub': SUB, 'circuit_id': circuit_id('er-sv-primary'), 'results_file': str(results_file)}
    command = [require(os.path.join(AZC_VENV, 'bin', 'ansible-playbook'), 'ansible-playbook with azure.azcollection'),
               '-i', 'localhost,', '-c', 'local', str(playbook), '-e', json.dumps(extra)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    results = json.loads(results_file.read_text())
    results['output'] = output
    results['log'] = lab.admin.requests()
    return results


def test_circuit_lifecycle_with_azure_rm_expressroute(run):
    assert run['circuit_created']['changed'] is True
    created = run['circuit_created']['state']
    assert created['provisioning_state'] == 'Succeeded' and created['location'] == 'westus'
    [read] = run['circuit_read']['expressroute']
    assert read['name'] == 'er-azc' and read['tags'] == {'owner': 'azcollection'}
    assert read['service_key'] == created['service_key'] and read['circuit_provisioning_state'] == 'Enabled'
    assert read['service_provider_provisioning_state'] == 'NotProvisioned'  # until the provider provisions it
    assert run['circuit_removed']['changed'] is True
    remaining = [c['name'] for c in run['circuit_gone']['expressroute']]
    assert 'er-azc' not in remaining and 'er-sv-primary' in remaining


def test_peering_and_authorization_through_azure_rm_resource(run):
    assert run['peering_put']['changed'] is True
    [auth] = run['circuit_auth_read']['response']
    assert auth['properties']['authorizationUseStatus'] == 'Available'


def test_avs_authorization_with_api_version_discovery_and_idempotency(run):
    avs_put = [e for e in run['log'] if e['method'] == 'PUT' and e['path'].endswith('/authorizations/azc')]
    assert [e['api_version'] for e in avs_put] == ['2026-03-01']  # newest, from GET .../providers/Microsoft.AVS
    assert run['avs_auth']['changed'] is True
    [read] = run['avs_auth_read']['response']
    assert read['properties']['expressRouteAuthorizationKey'] and read['properties']['provisioningState'] == 'Succeeded'
    assert run['avs_auth_again']['changed'] is False
    assert run['avs_auth_removed']['changed'] is True


def test_avs_global_reach_is_connected_when_it_succeeds(run):
    [read] = run['gr_read']['response']
    assert read['properties']['circuitConnectionStatus'] == 'Connected'
    assert read['properties']['peerExpressRouteCircuit'].lower() == circuit_id('er-sv-primary').lower()
    assert [c['name'] for c in run['gr_list']['response']] == ['to-onprem']
    [peering] = run['peering_with_gr']['response']
    assert [(c['name'], c['properties']['circuitConnectionStatus']) for c in peering['properties']['peeredConnections']] \
        == [('to-onprem', 'Connected')]
    assert run['gr_removed']['changed'] is True


def test_no_secret_in_the_output_and_every_request_is_attributed(run, lab):
    keys = [a['authorizationKey'] for a in lab.admin.keys(circuit_id('er-sv-primary')) if a['name'] == 'for-avs']
    assert keys and keys[0] not in run['output']  # the Global Reach task is no_log
    arm = [e for e in run['log'] if e['kind'] not in ('token', 'metadata')]
    assert arm and all(e['client_id'] == lab.info['client_id'] for e in arm)
    assert [e for e in run['log'] if e['status'] >= 400 and e['status'] != 404] == []
