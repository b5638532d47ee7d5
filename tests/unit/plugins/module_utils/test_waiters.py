# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import (
    WaitTimeout, seconds_text, wait_for_poller, wait_until)
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime


class FakePoller(object):
    """Done after `finishes_at` seconds of the shared fake clock."""

    def __init__(self, time, finishes_at, result='resource', error=None):
        self.time = time
        self.finishes_at = finishes_at
        self._result = result
        self.error = error
        self.waits = []

    def done(self):
        return self.time.now >= self.finishes_at

    def wait(self, timeout):
        self.waits.append(timeout)
        self.time.now = min(self.finishes_at, self.time.now + timeout)

    def result(self):
        if self.error:
            raise self.error
        return self._result


def test_poller_result_when_done_in_time():
    time = FakeTime()
    poller = FakePoller(time, 12)
    assert wait_for_poller(poller, 60, time.clock, step=5) == 'resource'
    assert poller.waits == [5, 5, 5]


def test_poller_timeout_is_bounded_and_says_so():
    time = FakeTime()
    poller = FakePoller(time, 1000)
    with pytest.raises(WaitTimeout, match='within 30 seconds'):
        wait_for_poller(poller, 30, time.clock, step=7)
    assert time.now == 30
    assert sum(poller.waits) == 30


def test_poller_errors_surface():
    time = FakeTime()
    poller = FakePoller(time, 0, error=ValueError('Failed'))
    with pytest.raises(ValueError):
        wait_for_poller(poller, 30, time.clock)


def test_wait_until_returns_first_value_meeting_predicate():
    time = FakeTime()
    states = iter(['Connecting', 'Connecting', 'Connected'])
    value = wait_until(lambda: next(states), lambda s: s == 'Connected', 60, 2, time.sleep, time.clock, str)
    assert value == 'Connected' and time.now == 4


def test_wait_until_timeout_reports_last_state():
    time = FakeTime()
    with pytest.raises(WaitTimeout, match='still Connecting after 9 seconds'):
        wait_until(lambda: 'Connecting', lambda s: s == 'Connected', 9, 2, time.sleep, time.clock, str)
    assert time.now == 9


@pytest.mark.parametrize('seconds, text', [
    (12.000381, '12'), (30, '30'), (2.46, '2.5'), (0.04, '0'), (1799.96, '1800'), (0.25, '0.2'),
])
def test_seconds_text_rounds_clock_noise_away(seconds, text):
    assert seconds_text(seconds) == text


def test_poller_timeout_message_has_no_long_float():
    time = FakeTime()
    poller = FakePoller(time, 1000)
    with pytest.raises(WaitTimeout) as caught:
        wait_for_poller(poller, 12.000381, time.clock, step=7)
    assert str(caught.value) == 'the operation did not finish within 12 seconds'


def test_wait_until_timeout_message_has_no_long_float():
    time = FakeTime()
    with pytest.raises(WaitTimeout) as caught:
        wait_until(lambda: 'Connecting', lambda s: s == 'Connected', 8.999872, 2, time.sleep, time.clock, str)
    assert str(caught.value) == 'still Connecting after 9 seconds'
