# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX/AAP job tests: the end-to-end playbook run through ansible-runner as AWX runs it, against the lab.

The collection under test is the artifact built from this checkout, installed
by an emulated project update (``ansible-galaxy collection install -r
collections/requirements.yml``), exactly as AWX installs it from Galaxy or
Automation Hub. The machine's environment is cleared of AZURE_* and ANSIBLE_*
variables first: everything the job knows comes from its private data directory.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import glob
import json
import os
import shutil
import subprocess

import pytest

from awx_emulation import JobTemplate, azure_credential_env
from support.ansible_run import BIN as VENV_BIN, REPO_ROOT  # tests/ is on sys.path once awx_emulation is imported

pytest_plugins = ['erlab.pytest_plugin']
COLLECTION = 'hybridlink.expressroute'


def run(command, cwd=None, env=None):
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)
    if completed.returncode != 0:
        raise AssertionError('%s failed:\n%s\n%s' % (' '.join(command), completed.stdout, completed.stderr))
    return completed


@pytest.fixture(scope='session')
def collection_artifact(tmp_path_factory):
    """The collection built from this checkout, as it would be published."""
    dist = tmp_path_factory.mktemp('dist')
    run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(dist), REPO_ROOT])
    (artifact,) = glob.glob(str(dist / 'hybridlink-expressroute-*.tar.gz'))
    return artifact


def project_update(root, collection_artifact, playbooks):
    """What an AWX project update leaves: the checkout, and the collections it requires installed."""
    project = root / 'project'
    project.mkdir()
    for name, source in playbooks.items():
        target = project / name
        if os.path.isdir(source):
            shutil.copytree(source, str(target))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source)
    requirements = project / 'collections' / 'requirements.yml'
    requirements.parent.mkdir()
    requirements.write_text(json.dumps({'collections': [{'name': collection_artifact, 'type': 'file'}]}))
    # A project update starts from nothing: with this machine's collections path
    # (the Makefile's .build/collections) ansible-galaxy would find the
    # collection "already installed" and install nothing.
    target = root / 'requirements_collections'
    environment = dict((name, value) for name, value in os.environ.items() if not name.startswith('ANSIBLE_'))
    environment['ANSIBLE_COLLECTIONS_PATH'] = str(target)
    run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'install', '-r', str(requirements), '-p', str(target)],
        env=environment)
    assert (target / 'ansible_collections' / 'hybridlink' / 'expressroute' / 'MANIFEST.json').is_file(), \
        'the project update did not install %s' % COLLECTION
    return str(root)


@pytest.fixture(scope='session')
def repository_project(tmp_path_factory, collection_artifact):
    """A project whose checkout is this repository: job templates pick playbooks/onprem_to_avs.yml."""
    return project_update(tmp_path_factory.mktemp('repository-project'), collection_artifact,
                          {'playbooks': os.path.join(REPO_ROOT, 'playbooks')})


@pytest.fixture(scope='session')
def requirements_only_project(tmp_path_factory, collection_artifact):
    """A user's own project: collections/requirements.yml and a playbook that imports the collection's."""
    playbook = '---\n- name: On-premises to AVS\n  ansible.builtin.import_playbook: %s.onprem_to_avs\n' % COLLECTION
    return project_update(tmp_path_factory.mktemp('user-project'), collection_artifact, {'site.yml': playbook})


@pytest.fixture(scope='session')
def docs_examples_project(tmp_path_factory, collection_artifact):
    """A project holding docs/examples, to run the playbooks the guides show."""
    return project_update(tmp_path_factory.mktemp('docs-project'), collection_artifact,
                          {'examples': os.path.join(REPO_ROOT, 'docs', 'examples')})


@pytest.fixture
def execution_environment(monkeypatch):
    """The job's process environment before AWX adds anything: no AZURE_* or ANSIBLE_* from this machine."""
    for name in list(os.environ):
        if name.startswith(('AZURE_', 'ANSIBLE_', 'ERLAB_')) or name in ('REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE'):
            monkeypatch.delenv(name)
    # ansible-playbook and the SDKs, as an execution environment image has them.
    monkeypatch.setenv('PATH', VENV_BIN + os.pathsep + os.environ.get('PATH', ''))


@pytest.fixture
def lab_credential(lab):
    """The "Microsoft Azure Resource Manager" credential, filled in with the lab's service principal."""
    info = lab.info
    return azure_credential_env(info['subscription_id'], info['tenant_id'], info['client_id'],
                                info['client_secret'], lab.url)


@pytest.fixture
def job_templates(fresh_lab_world, lab, lab_credential, execution_environment, repository_project,
                  requirements_only_project, docs_examples_project):
    """Factories for the job templates the tests launch, on a freshly reset lab."""

    def make(extra_vars, playbook='playbooks/onprem_to_avs.yml', project=repository_project):
        return JobTemplate(project, playbook, lab_credential, lab.ca_bundle, extra_vars=extra_vars)

    make.requirements_only_project = requirements_only_project
    make.docs_examples_project = docs_examples_project
    return make
