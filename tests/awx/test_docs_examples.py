# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks the guides tell users to run, run as a job against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from secret_scan import Secrets, find_leaks


def test_first_playbook_of_getting_started(job_templates, lab, tmp_path):
    """docs/examples/first-playbook.yml: dry run writes nothing, run changes, rerun changes nothing."""
    template = job_templates({}, playbook='examples/first-playbook.yml', project=job_templates.docs_examples_project)

    lab.admin.clear_log()
    check = template.launch(tmp_path, 'first-playbook-check', check=True, diff=True)
    assert check.status == 'successful', check.tail()
    assert check.changed_hosts == {'localhost': 2}, check.tail()
    assert lab.admin.writes() == []

    run = template.launch(tmp_path, 'first-playbook-run')
    assert run.status == 'successful', run.tail()
    rerun = template.launch(tmp_path, 'first-playbook-rerun', verbosity=3)
    assert rerun.status == 'successful', rerun.tail()
    assert rerun.changed_hosts == {}, rerun.tail()

    network = lab.network_client()
    key = network.express_route_circuit_authorizations.list_keys(
        'rg-onprem-network', 'er-sv-primary', 'avs-westus-prod').authorization_key
    secrets = Secrets({'authorization key': key, 'client secret': lab.info['client_secret']})
    for job in (run, rerun):
        assert find_leaks(job, secrets) == []
