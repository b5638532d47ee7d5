# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.default_route import (
    lone_default_route_warning,
)


@pytest.mark.parametrize("prefixes, lone", [
    (["0.0.0.0/0"], "0.0.0.0/0"),
    (["::/0"], "::/0"),
    (["0.0.0.0/0", "::/0"], "0.0.0.0/0 or ::/0"),
    (["0.0.0.0/0", "2001:db8::/48"], "0.0.0.0/0"),
    (["0.0.0.0/0", "junk"], "0.0.0.0/0"),
], ids=["v4-alone", "v6-alone", "both-alone", "v4-alone-beside-v6", "junk-ignored"])
def test_warns_about_a_lone_default_route(prefixes, lone):
    before = copy.deepcopy(prefixes)
    warning = lone_default_route_warning(prefixes)
    assert warning.startswith("AVS discards a lone %s" % lone)
    assert "more specific" in warning
    assert prefixes == before


@pytest.mark.parametrize("prefixes", [
    ["0.0.0.0/0", "10.0.0.0/8"], ["10.0.0.0/8"], [], None, ["::/0", "fd00::/8", "192.168.0.0/16"],
], ids=["default-with-specific", "specific-only", "empty", "none", "v6-default-with-specific"])
def test_no_warning(prefixes):
    assert lone_default_route_warning(prefixes) is None
