# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import HIDDEN
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.shared_key import check_shared_key


@pytest.mark.parametrize("value", ["A1B2C3D4", "x", "k" * 25], ids=["seed", "one", "twenty-five"])
def test_shared_key_accepts(value):
    assert check_shared_key("shared_key", value) == []


@pytest.mark.parametrize("value", ["", "secret-" * 4, 12345678], ids=["empty", "twenty-eight", "int"])
def test_shared_key_rejects_without_echoing_it(value):
    problems = check_shared_key("shared_key", value)
    assert len(problems) == 1
    assert problems[0].option == "shared_key"
    assert "1 to 25 characters" in problems[0].rule
    assert problems[0].value == HIDDEN
    assert str(value) not in str(problems[0]) or value == ""
