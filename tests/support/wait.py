# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Polling with a deadline, for tests that watch the lab or a process change.

The loop itself is the lab's (erlab.testing.wait_for): every suite that uses
tests/support runs against the lab, so erlab is installed wherever this is
imported, while the lab must stay importable without tests/. The lab's
version raises TimeoutError; the suites here assert on the value instead,
so that the assertion names what was waited for.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from erlab.testing import wait_for as lab_wait_for


def wait_for(predicate, timeout, interval=0.05):
    """predicate()'s first truthy value, or None after timeout seconds."""
    try:
        return lab_wait_for(predicate, timeout=timeout, interval=interval)
    except TimeoutError:
        return None
