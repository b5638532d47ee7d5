# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.retries import backoff_delay, retry
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime


class Busy(Exception):
    pass


class Broken(Exception):
    pass


def failing(times, error):
    calls = {'count': 0}

    def operation():
        calls['count'] += 1
        if calls['count'] <= times:
            raise error
        return 'done'
    return operation, calls


@pytest.mark.parametrize('attempt, rng, expected', [
    (0, 0.0, 1.0),
    (0, 1.0, 2.0),
    (1, 0.5, 3.0),
    (3, 0.0, 8.0),
    (10, 1.0, 30.0),  # capped
    (10, 0.0, 15.0),  # never below half the cap
], ids=['first-low', 'first-high', 'second-mid', 'fourth-low', 'capped-high', 'capped-low'])
def test_backoff_delay_is_equal_jitter_and_capped(attempt, rng, expected):
    assert backoff_delay(attempt, 2.0, 30.0, lambda: rng) == expected


def test_retry_succeeds_after_transient_conflicts():
    time = FakeTime()
    operation, calls = failing(3, Busy())
    result, attempts = retry(operation, (Busy,), lambda error: True, 600, time.sleep, time.clock, lambda: 0.5)
    assert (result, attempts, calls['count']) == ('done', 4, 4)
    assert time.sleeps == [1.5, 3.0, 6.0]


def test_retry_does_not_retry_errors_it_is_told_not_to():
    time = FakeTime()
    operation, calls = failing(1, Busy())
    with pytest.raises(Busy):
        retry(operation, (Busy,), lambda error: False, 600, time.sleep, time.clock, lambda: 0.5)
    assert calls['count'] == 1 and time.sleeps == []


def test_retry_lets_other_exception_types_through():
    time = FakeTime()
    operation, calls = failing(1, Broken())
    with pytest.raises(Broken):
        retry(operation, (Busy,), lambda error: True, 600, time.sleep, time.clock, lambda: 0.5)
    assert calls['count'] == 1


def test_retry_gives_up_with_the_last_error_before_the_deadline():
    time = FakeTime()
    operation, calls = failing(100, Busy())
    with pytest.raises(Busy):
        retry(operation, (Busy,), lambda error: True, 20, time.sleep, time.clock, lambda: 1.0)
    # 2 + 4 + 8 = 14 s slept; the next delay (16 s) would pass the 20 s deadline.
    assert time.sleeps == [2.0, 4.0, 8.0]
    assert time.now <= 20
    assert calls['count'] == 4


def test_retry_stops_after_max_attempts_even_with_time_left():
    time = FakeTime()
    operation, calls = failing(10, Busy())
    with pytest.raises(Busy):
        retry(operation, (Busy,), lambda error: True, 600, time.sleep, time.clock, lambda: 0.5, max_attempts=3)
    assert calls['count'] == 3
    assert time.sleeps == [1.5, 3.0]
