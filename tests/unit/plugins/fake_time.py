# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A clock for the retry and wait tests: time moves only when sleep is called, so no test really sleeps."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class FakeTime(object):
    """Pass clock and sleep where the code under test takes them; sleeps lists every wait asked for."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
