# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""MD5 shared key rule for a peering's BGP sessions."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import List

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import HIDDEN, Problem

MAX_SHARED_KEY_LENGTH = 25


def check_shared_key(option: str, value: object) -> List[Problem]:
    """1-25 characters. The value is a secret: problems show it as HIDDEN."""
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_SHARED_KEY_LENGTH:
        return [Problem(option, "must be a string of 1 to %d characters" % MAX_SHARED_KEY_LENGTH, HIDDEN)]
    return []
