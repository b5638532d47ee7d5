# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Waits with deadlines: for azure-core pollers and for a state read back from Azure."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Callable


class WaitTimeout(Exception):
    """The awaited condition did not hold before the deadline."""


def seconds_text(seconds: float) -> str:
    """A duration for messages: 12.000381 -> '12', 2.46 -> '2.5' (a clock's noise is not information)."""
    rounded = round(float(seconds), 1)
    return '%d' % rounded if rounded == int(rounded) else '%.1f' % rounded


def wait_for_poller(poller: Any, timeout: float, clock: Callable[[], float], step: float = 5.0) -> Any:
    """The poller's result, or WaitTimeout after timeout seconds.

    The SDK's poller follows Retry-After on its own thread; we only bound it.
    Errors of the operation (status Failed/Canceled) are raised by result().
    """
    deadline = clock() + timeout
    while not poller.done():
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeout('the operation did not finish within %s seconds' % seconds_text(timeout))
        poller.wait(min(step, remaining))
    return poller.result()


def wait_until(read: Callable[[], Any], predicate: Callable[[Any], bool], timeout: float, interval: float,
               sleep: Callable[[float], None], clock: Callable[[], float], describe: Callable[[Any], str]) -> Any:
    """Read until predicate(value) holds; return the value or raise WaitTimeout.

    describe(value) says what was last seen, for the timeout message.
    """
    deadline = clock() + timeout
    while True:
        value = read()
        if predicate(value):
            return value
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeout('still %s after %s seconds' % (describe(value), seconds_text(timeout)))
        sleep(min(interval, remaining))
