# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record when each task starts and ends on each host, as JSON lines, for the bench.

Enabled by the bench only (ANSIBLE_CALLBACKS_ENABLED=bench_timer); writes to
the file named by BENCH_TIMINGS_FILE. Times are wall-clock (time.time()) so
they line up with the lab's request log, which uses the same clock.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: bench_timer
type: aggregate
short_description: Per-host task start and end times for the bench
description:
  - Writes one JSON line per finished task and host to the file in E(BENCH_TIMINGS_FILE).
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._path = os.environ.get('BENCH_TIMINGS_FILE')
        self._file = open(self._path, 'a') if self._path else None
        self._started = {}

    def v2_runner_on_start(self, host, task):
        self._started[(host.get_name(), task._uuid)] = time.time()

    def _finish(self, result, status):
        if self._file is None:
            return
        ended = time.time()
        host = result._host.get_name()
        task = result._task
        started = self._started.pop((host, task._uuid), ended)
        outcome = result._result
        self._file.write(json.dumps({
            'host': host,
            'task': task.get_name(),
            'action': task.action,
            'status': status,
            'changed': bool(outcome.get('changed')),
            'start': started,
            'end': ended,
            'msg': str(outcome.get('msg', ''))[:300] if status == 'failed' else '',
        }) + '\n')
        self._file.flush()

    def v2_runner_on_ok(self, result):
        self._finish(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._finish(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._finish(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._finish(result, 'unreachable')
