# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The on-premises-to-AVS job template, launched as AWX launches it, against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re
import secrets

import yaml

from secret_scan import Secrets, find_leaks, job_files

DOCS_AWX = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'docs', 'awx')
NETWORK_RG = 'rg-onprem-network'
AVS_RG = 'rg-avs-prod'

# Route, ARP and BGP summary tables are read through POST actions; they change nothing.
TABLE_READS = re.compile(r'/peerings/[^/]+/(routeTables|arpTables|routeTablesSummary)/(primary|secondary)$')

# The survey's password question; the template's extra variables refer to it,
# as an AWX template does with survey answers it must not store in clear.
MD5_KEY_VARIABLE = 'onprem_md5_key'


def documented_template():
    """The survey spec and extra variables docs/awx.md tells users to give their job template."""
    with open(os.path.join(DOCS_AWX, 'onprem-to-avs-survey.json'), encoding='utf-8') as handle:
        survey_spec = json.load(handle)
    with open(os.path.join(DOCS_AWX, 'onprem-to-avs-extra-vars.yml'), encoding='utf-8') as handle:
        extra_vars = yaml.safe_load(handle)
    return survey_spec, extra_vars


def survey_problems(survey_spec, answers):
    """What AWX would refuse in these answers: missing required ones, unknown ones, wrong types, out of bounds."""
    problems = []
    questions = dict((question['variable'], question) for question in survey_spec['spec'])
    problems += ['%s is not a survey question' % name for name in sorted(set(answers) - set(questions))]
    for name, question in sorted(questions.items()):
        if name not in answers:
            if question['required']:
                problems.append('%s is required' % name)
            continue
        value = answers[name]
        if question['type'] in ('integer', 'float'):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append('%s must be a number' % name)
            elif not question['min'] <= value <= question['max']:
                problems.append('%s must be within %s..%s' % (name, question['min'], question['max']))
        elif not question['min'] <= len(value) <= question['max']:
            problems.append('%s must be %s to %s characters long' % (name, question['min'], question['max']))
    return problems


def template_extra_vars():
    """The job template's extra variables: the lab's two sites, one with an MD5 key from the survey."""
    return {
        'sites': [
            {
                'name': 'silicon-valley',
                'circuit': {'resource_group': NETWORK_RG, 'name': 'er-sv-primary'},
                'private_cloud': {'resource_group': AVS_RG, 'name': 'avs-westus-prod'},
                'private_peering': {
                    'vlan_id': 100,
                    'peer_asn': 65010,
                    'primary_peer_address_prefix': '10.250.0.0/30',
                    'secondary_peer_address_prefix': '10.250.0.4/30',
                    'shared_key': '{{ %s }}' % MD5_KEY_VARIABLE,
                },
                'workload_prefixes': ['10.180.10.0/24', '10.180.20.0/24'],
                'onprem_prefixes': ['192.168.0.0/16', '172.20.0.0/14'],
            },
            {
                'name': 'amsterdam',
                'circuit': {'resource_group': NETWORK_RG, 'name': 'er-ams-secondary'},
                'private_cloud': {'resource_group': AVS_RG, 'name': 'avs-weu-dr'},
                'private_peering': {
                    'vlan_id': 200,
                    'peer_asn': 4200000020,
                    'primary_peer_address_prefix': '10.250.1.0/30',
                    'secondary_peer_address_prefix': '10.250.1.4/30',
                },
                'workload_prefixes': ['10.188.10.0/24'],
                'onprem_prefixes': ['10.60.0.0/16', '172.24.0.0/16'],
            },
        ],
    }


def survey_answers():
    # A fresh value per run, so it can only appear in the output by leaking.
    return Secrets({MD5_KEY_VARIABLE: 'md5-' + secrets.token_hex(8)})


def changes(lab):
    """The lab's logged writes and actions, without the table reads."""
    return [entry for entry in lab.admin.writes() if not TABLE_READS.search(entry['path'].split('?')[0])]


def is_real_key(value):
    """False for a missing key or one Azure masked as zeros."""
    return bool(value) and set(value) - set('0-') != set()


def keys_in_the_lab(lab):
    """Every authorization key the lab holds, read with the SDK (listKeys on circuits)."""
    network = lab.network_client()
    avs = lab.avs_client()
    keys = {}
    for circuit in ('er-sv-primary', 'er-ams-secondary'):
        for authorization in network.express_route_circuit_authorizations.list(NETWORK_RG, circuit):
            key = network.express_route_circuit_authorizations.list_keys(
                NETWORK_RG, circuit, authorization.name).authorization_key
            keys['authorization key of %s/%s' % (circuit, authorization.name)] = key
    for cloud in ('avs-westus-prod', 'avs-weu-dr'):
        for connection in avs.global_reach_connections.list(AVS_RG, cloud):
            keys['key of Global Reach connection %s/%s' % (cloud, connection.name)] = connection.authorization_key
        for authorization in avs.authorizations.list(AVS_RG, cloud):
            keys['AVS authorization key %s/%s' % (cloud, authorization.name)] = \
                authorization.express_route_authorization_key
    return Secrets((what, key) for what, key in keys.items() if is_real_key(key))


def job_secrets(lab, survey, extra=None):
    found = Secrets({'client secret (AZURE_SECRET)': lab.info['client_secret'], 'MD5 key (survey)': survey[MD5_KEY_VARIABLE]})
    found.update(extra or {})
    return found


def assert_no_leaks(job, secret_values):
    scanned = [os.path.relpath(path, job.artifacts_dir) for path in job_files(job)]
    # A scan that reads nothing would find nothing: make sure the job's record is there.
    assert 'stdout' in scanned and 'command' in scanned, scanned
    assert any(path.startswith('job_events' + os.sep) for path in scanned), scanned
    leaks = find_leaks(job, secret_values)
    assert not leaks, 'secrets in the job output: %s' % '; '.join('%s in %s' % leak for leak in leaks)


def assert_successful(job):
    assert job.status == 'successful', 'job %s (rc %s), failed hosts %s:\n%s' % (
        job.status, job.rc, job.failed_hosts, job.tail())


def assert_sites_connected(lab, extra_vars, survey):
    """What the lab holds after a successful job: peering, key in use, Global Reach Connected."""
    network = lab.network_client()
    avs = lab.avs_client()
    for site in extra_vars['sites']:
        circuit = site['circuit']['name']
        cloud = site['private_cloud']['name']
        wanted = site['private_peering']
        peering = network.express_route_circuit_peerings.get(NETWORK_RG, circuit, 'AzurePrivatePeering')
        assert peering.vlan_id == wanted['vlan_id'], site['name']
        assert peering.peer_asn == wanted['peer_asn'], site['name']
        assert peering.primary_peer_address_prefix == wanted['primary_peer_address_prefix'], site['name']
        assert peering.secondary_peer_address_prefix == wanted['secondary_peer_address_prefix'], site['name']
        if 'shared_key' in wanted:
            # The survey answer reached Azure (compared here, never printed).
            assert peering.shared_key == survey[MD5_KEY_VARIABLE], 'MD5 key of %s not set from the survey' % circuit

        circuit_id = network.express_route_circuits.get(NETWORK_RG, circuit).id
        connections = [item for item in avs.global_reach_connections.list(AVS_RG, cloud)
                       if (item.peer_express_route_circuit or '').lower() == circuit_id.lower()]
        assert len(connections) == 1, '%s: Global Reach connections to %s: %r' % (cloud, circuit, connections)
        assert connections[0].circuit_connection_status == 'Connected', connections[0].circuit_connection_status

        in_use = [item.name for item in network.express_route_circuit_authorizations.list(NETWORK_RG, circuit)
                  if item.authorization_use_status == 'InUse']
        assert len(in_use) == 1, '%s: authorizations in use: %r' % (circuit, in_use)


def test_check_job_writes_nothing_and_prints_no_secret(job_templates, lab, tmp_path):
    """A job template with job type Check, diff and verbosity 3 (Debug), on an unconfigured world."""
    survey = survey_answers()
    template = job_templates(template_extra_vars())

    lab.admin.clear_log()
    job = template.launch(tmp_path, 'check-job', survey=survey, check=True, diff=True, verbosity=3)

    assert_successful(job)
    assert lab.admin.writes() == []
    assert job.changed_hosts, 'a check job on an unconfigured world reports the changes it would make'
    assert_no_leaks(job, job_secrets(lab, survey))


def test_job_connects_every_site_and_a_rerun_changes_nothing(job_templates, lab, tmp_path):
    """A Run job connects both sites; relaunching the same template changes nothing; no secret anywhere."""
    survey = survey_answers()
    extra_vars = template_extra_vars()
    template = job_templates(extra_vars)

    job = template.launch(tmp_path, 'run-job', survey=survey)

    assert_successful(job)
    assert_sites_connected(lab, extra_vars, survey)
    lab.admin.clear_log()
    keys = keys_in_the_lab(lab)
    assert len(keys) >= 2, 'expected the two circuits\' authorization keys, found %s' % sorted(keys)
    assert_no_leaks(job, job_secrets(lab, survey, keys))

    lab.admin.clear_log()
    rerun = template.launch(tmp_path, 'rerun-job', survey=survey, diff=True, verbosity=3)

    assert_successful(rerun)
    assert rerun.changed_hosts == {}, 'a relaunch changed %s:\n%s' % (rerun.changed_hosts, rerun.tail())
    assert changes(lab) == []
    assert_no_leaks(rerun, job_secrets(lab, survey, keys))


def test_failed_job_does_not_print_the_wrong_secret(job_templates, lab, lab_credential, tmp_path):
    """A credential with a wrong client secret: the job fails with an explanation, not with the secret."""
    survey = survey_answers()
    wrong = Secrets(lab_credential, AZURE_SECRET='wrong-' + secrets.token_hex(12))
    template = job_templates(template_extra_vars())

    lab.admin.clear_log()
    job = template.launch(tmp_path, 'wrong-secret-job', survey=survey, credential_env=wrong, verbosity=3)

    assert job.status == 'failed', job.tail()
    assert lab.admin.writes() == []
    assert_no_leaks(job, job_secrets(lab, survey, {'wrong client secret': wrong['AZURE_SECRET']}))


def test_documented_survey_template_from_a_project_that_only_requires_the_collection(job_templates, lab, tmp_path):
    """docs/awx.md's one-site template (survey + extra variables) in a user's project, as a check job, then a run."""
    survey_spec, extra_vars = documented_template()
    answers = Secrets({
        'site_name': 'silicon-valley',
        'circuit_resource_group': NETWORK_RG,
        'circuit_name': 'er-sv-primary',
        'private_cloud_resource_group': AVS_RG,
        'private_cloud_name': 'avs-westus-prod',
        'vlan_id': 100,
        'peer_asn': 4200000010,
        'primary_peer_address_prefix': '10.250.0.0/30',
        'secondary_peer_address_prefix': '10.250.0.4/30',
        'md5_key': 'md5-' + secrets.token_hex(8),
        'workload_prefixes': '10.180.10.0/24\n10.180.20.0/24\n',
        'onprem_prefixes': '192.168.0.0/16\n172.20.0.0/14',
    })
    assert survey_problems(survey_spec, answers) == []
    template = job_templates(extra_vars, playbook='site.yml', project=job_templates.requirements_only_project)
    site_secrets = job_secrets(lab, {MD5_KEY_VARIABLE: answers['md5_key']})

    lab.admin.clear_log()
    check = template.launch(tmp_path, 'survey-check-job', survey=answers, check=True, diff=True)

    assert_successful(check)
    assert lab.admin.writes() == []
    assert_no_leaks(check, site_secrets)

    job = template.launch(tmp_path, 'survey-run-job', survey=answers)

    assert_successful(job)
    wanted = {'sites': [{
        'name': 'silicon-valley',
        'circuit': {'name': 'er-sv-primary'},
        'private_cloud': {'name': 'avs-westus-prod'},
        'private_peering': {
            'vlan_id': 100, 'peer_asn': 4200000010, 'shared_key': answers['md5_key'],
            'primary_peer_address_prefix': '10.250.0.0/30', 'secondary_peer_address_prefix': '10.250.0.4/30'},
    }]}
    assert_sites_connected(lab, wanted, {MD5_KEY_VARIABLE: answers['md5_key']})
    assert_no_leaks(job, Secrets(site_secrets, **keys_in_the_lab(lab)))
