# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run many module calls in one Python process: ``python inprocess.py cases.json results.json``.

Each case is ``{"id", "module", "args"}``. The module's main() runs exactly
as AnsiballZ runs it (arguments through ansible.module_utils.basic), its
JSON answer is captured from stdout, and an exception escaping main() is
recorded as the traceback a user would see. One process for hundreds of
cases is what makes the generated bad-input matrix affordable; a sample of
the same cases also runs through ansible-playbook to show both agree.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import importlib
import io
import json
import sys
import time
import traceback
from contextlib import redirect_stdout

MODULES = 'ansible_collections.hybridlink.expressroute.plugins.modules.'


def run_case(case, tmpdir):
    # ansible-core's own helper for handing arguments to AnsibleModule (the 'legacy' profile AnsiballZ uses).
    from ansible.module_utils.testing import patch_module_args

    args = dict(case['args'], _ansible_tmpdir=tmpdir, _ansible_remote_tmp=tmpdir, _ansible_keep_remote_files=False,
                _ansible_check_mode=case.get('check', False))
    module = importlib.import_module(MODULES + case['module'])
    out = io.StringIO()
    started = time.monotonic()
    crash = None
    try:
        with redirect_stdout(out), patch_module_args(args):
            module.main()
    except SystemExit:
        pass
    except Exception:  # pylint: disable=broad-except
        crash = traceback.format_exc()
    printed = out.getvalue()
    result = None
    for line in reversed(printed.strip().splitlines()):
        if line.startswith('{'):
            try:
                result = json.loads(line)
                break
            except ValueError:
                continue
    if crash:
        result = {'failed': True, 'msg': 'MODULE FAILURE', 'module_stderr': crash}
    if result is None:
        result = {'failed': True, 'msg': 'MODULE FAILURE: no JSON answer', 'module_stdout': printed[-2000:]}
    result['_seconds'] = round(time.monotonic() - started, 3)
    return result


def main():
    with open(sys.argv[1]) as handle:
        cases = json.load(handle)
    tmpdir = sys.argv[3] if len(sys.argv) > 3 else '/tmp'
    results = {}
    for case in cases:
        results[case['id']] = run_case(case, tmpdir)
    with open(sys.argv[2], 'w') as handle:
        json.dump(results, handle)


if __name__ == '__main__':
    main()
