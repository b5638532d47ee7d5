# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import dataclasses

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import (
    HIDDEN,
    NOT_GIVEN,
    Problem,
    format_problems,
)

PRIVATE_PREFIX = Problem("microsoft_peering_config.advertised_public_prefixes[2]",
                         "must be a public prefix, 10.1.0.0/16 is private-use (RFC 1918)", "10.1.0.0/16")


@pytest.mark.parametrize("problem, text", [
    (PRIVATE_PREFIX,
     "microsoft_peering_config.advertised_public_prefixes[2]: must be a public prefix, "
     "10.1.0.0/16 is private-use (RFC 1918) (got '10.1.0.0/16')"),
    (Problem("vlan_id", "must be a VLAN ID from 1 to 4094", 0), "vlan_id: must be a VLAN ID from 1 to 4094 (got 0)"),
    (Problem("shared_key", "must be 1 to 25 characters", HIDDEN), "shared_key: must be 1 to 25 characters (got <hidden>)"),
    (Problem("vlan_id", "must be set to create a peering"), "vlan_id: must be set to create a peering"),
    (Problem("peer_asn", "must be an AS number", None), "peer_asn: must be an AS number (got None)"),
], ids=["string-value", "int-value", "hidden-secret", "not-given", "explicit-none"])
def test_str(problem, text):
    assert str(problem) == text


def test_problem_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PRIVATE_PREFIX.rule = "changed"


@pytest.mark.parametrize("problem, expected", [
    (PRIVATE_PREFIX, {"option": "microsoft_peering_config.advertised_public_prefixes[2]",
                      "rule": "must be a public prefix, 10.1.0.0/16 is private-use (RFC 1918)",
                      "value": "10.1.0.0/16"}),
    (Problem("vlan_id", "must be set"), {"option": "vlan_id", "rule": "must be set"}),
], ids=["with-value", "not-given"])
def test_to_dict(problem, expected):
    assert problem.to_dict() == expected


@pytest.mark.parametrize("problems, expected", [
    ([], "no problems"),
    ([Problem("vlan_id", "must be set")], "1 problem with the requested settings: vlan_id: must be set"),
    ([Problem("vlan_id", "must be set"), Problem("peer_asn", "must be an AS number", "x")],
     "2 problems with the requested settings: (1) vlan_id: must be set; (2) peer_asn: must be an AS number (got 'x')"),
], ids=["none", "one", "two"])
def test_format_problems(problems, expected):
    before = copy.deepcopy(problems)
    assert format_problems(problems) == expected
    assert problems == before


def test_format_problems_accepts_a_generator():
    assert format_problems(p for p in [PRIVATE_PREFIX]).startswith("1 problem")


def test_not_given_has_a_readable_repr():
    assert repr(NOT_GIVEN) == "NOT_GIVEN"


def test_not_given_survives_copies():
    import pickle
    problem = Problem("vlan_id", "must be set")
    for copied in (copy.copy(problem), copy.deepcopy(problem), pickle.loads(pickle.dumps(problem))):
        assert copied.value is NOT_GIVEN
        assert copied == problem
