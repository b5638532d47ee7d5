# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the reliability suite runs modules and playbooks against the lab.

Two ways to run the collection's code, both in separate processes as users
run it:

- ``ModuleRunner`` executes one module file directly (``python -m
  ansible_collections...modules.<name> args.json``), exactly the code an
  AnsiballZ payload runs, without a controller around it: about 0.4 s a run,
  so fault matrices stay cheap.
- ``PlaybookRunner`` runs ``ansible-playbook`` (what AWX runs), blocking or as
  a ``Popen`` the interrupted-run tests can kill.

Nothing here sleeps without a deadline, and every subprocess has a timeout.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re
import subprocess
import sys
import time

# tests/, for what the suites share (tests/support).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from support import ansible_run  # noqa: E402
from support.ansible_run import Run, lab_environment, playbook_command  # noqa: E402

REPO_ROOT = ansible_run.REPO_ROOT
BIN = ansible_run.BIN

COLLECTION = 'hybridlink.expressroute'
MODULE_PACKAGE = 'ansible_collections.hybridlink.expressroute.plugins.modules'

# A JSON Web Token (what the lab and Entra ID issue): three base64url parts, header and claims start '{"'.
JWT = re.compile(r'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}')
BEARER = re.compile(r'Bearer\s+[A-Za-z0-9._~+/=-]{16,}')
TRACEBACK = re.compile(r'Traceback \(most recent call last\)')

# Everything any run of this process printed, and the secrets the whole suite uses: conftest
# searches the one for the other when the session ends.
SUITE_OUTPUTS = []
SUITE_SECRETS = {}


def remember(source, text):
    """Keep what a run printed for the suite-wide secret scan."""
    SUITE_OUTPUTS.append((source, text))
    return text


def environment(lab, collections_path, workdir, extra=None):
    """What a job on AWX gets: the lab's AZURE_* variables, this collection, a private temp dir."""
    env = lab_environment(lab, collections_path, workdir,
                          dict(ANSIBLE_HOST_KEY_CHECKING='0', PYTHONPATH=collections_path))
    env.update(extra or {})
    return env


class ModuleRunner(object):
    """Runs one module of the collection as a process, with its arguments in a file."""

    def __init__(self, lab, collections_path, workdir):
        self.lab = lab
        self.collections_path = collections_path
        self.workdir = workdir
        self.counter = 0
        self.runs = []

    def run(self, name, args, check=False, diff=False, env=None, timeout=120):
        self.counter += 1
        path = os.path.join(str(self.workdir), 'args-%d-%s.json' % (self.counter, name))
        payload = dict(args, _ansible_check_mode=check, _ansible_diff=diff)
        with open(path, 'w') as handle:
            json.dump({'ANSIBLE_MODULE_ARGS': payload}, handle)
        started = time.monotonic()
        completed = subprocess.run(
            [sys.executable, '-m', '%s.%s' % (MODULE_PACKAGE, name), path],
            env=environment(self.lab, self.collections_path, self.workdir, env), capture_output=True,
            text=True, timeout=timeout, cwd=str(self.workdir), check=False)
        seconds = time.monotonic() - started
        os.unlink(path)  # the file holds the secrets of the run
        remember('module %s' % name, completed.stdout + completed.stderr)
        run = Run(last_json(completed.stdout), completed.stdout, completed.stderr, completed.returncode, seconds)
        self.runs.append(run)
        return run


def last_json(text):
    """The module's answer: the last line of its stdout that parses as a JSON object."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith('{'):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return {'failed': True, 'msg': 'no JSON answer', 'unparsed': text[-2000:]}


class PlaybookRunner(object):
    """Runs ansible-playbook with the lab's environment, blocking or in the background."""

    def __init__(self, lab, collections_path, workdir):
        self.lab = lab
        self.collections_path = collections_path
        self.workdir = workdir

    def command(self, path, **options):
        return playbook_command(path, **options)

    def run(self, path, timeout=300, env=None, **options):
        started = time.monotonic()
        completed = subprocess.run(self.command(path, **options), env=self.env(env), capture_output=True, text=True,
                                   timeout=timeout, cwd=str(self.workdir), check=False)
        remember('ansible-playbook %s' % os.path.basename(str(path)), completed.stdout + completed.stderr)
        return Run({'failed': completed.returncode != 0}, completed.stdout, completed.stderr, completed.returncode,
                   time.monotonic() - started)

    def start(self, path, log_path, env=None, **options):
        """ansible-playbook in its own process group (so a kill reaches its workers), output to a file."""
        log = open(str(log_path), 'w')
        try:
            return subprocess.Popen(self.command(path, **options), env=self.env(env), stdout=log,
                                    stderr=subprocess.STDOUT, cwd=str(self.workdir), start_new_session=True)
        finally:
            log.close()

    def env(self, extra=None):
        return environment(self.lab, self.collections_path, self.workdir, extra)


def find_secrets(text, secrets):
    """Names of the secrets that appear in text, plus any bearer token or JWT at all (never the values)."""
    hits = sorted(name for name, value in secrets.items() if value and value in text)
    if JWT.search(text):
        hits.append('a JWT')
    if BEARER.search(text):
        hits.append('a bearer token')
    return hits


class Finding(AssertionError):
    """A check that fails because of a known defect of the collection (see the xfail reason)."""


def check_finding(condition, message):
    """Assert a property the collection is known to miss; tests mark it xfail(strict=True, raises=Finding).

    Only this exception satisfies such a marker: any other failed assertion
    in the same test still fails it, so a known finding cannot hide a new one.
    """
    if not condition:
        raise Finding(message)


def known(reason):
    """The marker for a case that shows a finding: it must fail with Finding, and only while the defect exists."""
    import pytest
    return pytest.mark.xfail(strict=True, raises=Finding, reason=reason)


class Checks(object):
    """Assertions for one case, some of them tied to findings the case is known to show.

    that(condition, message, finding): without a finding, or with one this
    case is not known to show, a plain assertion. With a known finding the
    outcome is only noted; done() then raises Finding when every known
    finding reproduced, and a plain AssertionError when one no longer does
    (fixed: remove it from the case's known findings).
    """

    def __init__(self, known_findings=()):
        self.known = [finding for finding in known_findings if finding]
        self.reproduced = {}

    def that(self, condition, message, finding=None):
        if finding is not None and finding in self.known:
            if not condition:
                self.reproduced[finding] = message
            return
        assert condition, message

    def done(self):
        fixed = [finding for finding in self.known if finding not in self.reproduced]
        if fixed:
            raise AssertionError('known finding(s) no longer reproduce; drop them from this case: %s' % fixed)
        if self.known:
            raise Finding('; '.join(self.reproduced[finding] for finding in self.known))


def run_and_kill(lab, playbooks, path, log_path, matches, sig, timeout=240, **options):
    """Start ansible-playbook and kill its whole process group the moment the lab logs a matching request.

    matches(entry) looks at one request-log entry. Returns a dict: whether the
    point was reached, the request that triggered the kill, how many requests
    the run made, its return code and how long it ran. Bounded by `timeout`.
    """
    import signal
    log = lab.admin.requests()
    since = log[-1]['seq'] if log else 0
    started = time.monotonic()
    process = playbooks.start(path, log_path, **options)
    trigger, seen = None, 0
    try:
        while process.poll() is None:
            if time.monotonic() - started > timeout:
                raise AssertionError('%s ran for more than %s seconds' % (path, timeout))
            entries = lab.admin.requests(since=since)
            for entry in entries:
                seen += 1
                since = entry['seq']
                if matches(entry):
                    trigger = entry
                    break
            if trigger:
                os.killpg(process.pid, sig)
                break
            time.sleep(0.05)
        returncode = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    _wait_for_group_exit(process.pid)
    with open(str(log_path)) as handle:
        remember('killed ansible-playbook %s' % os.path.basename(str(path)), handle.read())
    return dict(reached=trigger is not None, trigger='%s %s' % (trigger['method'], trigger['path']) if trigger else None,
                requests=seen, returncode=returncode, seconds=round(time.monotonic() - started, 1),
                signal=getattr(sig, 'name', str(sig)))


def _wait_for_group_exit(pgid, timeout=20):
    """Every process of the killed group (module runs included) is gone (zombies waiting for a reaper count as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _live_members(pgid):
            return
        time.sleep(0.1)
    raise AssertionError('processes of the killed run are still alive after %s seconds: %s' % (timeout, _live_members(pgid)))


def _live_members(pgid):
    live = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name) as handle:
                fields = handle.read().rsplit(')', 1)[1].split()
        except (IOError, OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != 'Z':
            live.append(int(name))
    return live
