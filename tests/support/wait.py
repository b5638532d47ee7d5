# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Polling with a deadline, for tests that watch the lab or a process change."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import time


def wait_for(predicate, timeout, interval=0.05):
    """predicate()'s first truthy value, or None after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None
