# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import (
    MASK,
    Plan,
    diff_for,
    is_broken,
    masked,
    plan_repair,
    plan_resource,
)

CURRENT = {
    "peering_type": "MicrosoftPeering", "peering_state": "Enabled", "vlan_id": 300, "peer_asn": 1234,
    "primary_peer_address_prefix": "131.107.0.0/30", "secondary_peer_address_prefix": "131.107.0.4/30",
    "shared_key": "A1B2C3D4",
    "microsoft_peering_config": {"advertised_public_prefixes": ["123.0.0.0/30", "123.1.0.0/24"],
                                 "advertised_communities": [], "customer_asn": 2245,
                                 "routing_registry_name": "ARIN", "legacy_mode": 0,
                                 "advertised_public_prefixes_state": "Configured"},
    "ipv6_peering_config": None, "route_filter_id": None,
    "azure_asn": 12076, "provisioning_state": "Succeeded",
}
RULES = {
    "read_only": {"azure_asn", "provisioning_state", "microsoft_peering_config.advertised_public_prefixes_state"},
    "set_lists": {"microsoft_peering_config.advertised_public_prefixes"},
    "case_insensitive": {"microsoft_peering_config.routing_registry_name", "peering_type"},
}


def plan(desired, current, **kwargs):
    frozen = copy.deepcopy((desired, current, kwargs))
    result = plan_resource(desired, current, **kwargs)
    assert (desired, current, kwargs) == frozen, "plan_resource modified its input"
    return result


@pytest.mark.parametrize("desired, kwargs, action, changed", [
    ({"vlan_id": 300}, RULES, "none", []),
    ({"vlan_id": 301}, RULES, "update", ["vlan_id"]),
    ({"vlan_id": None, "peer_asn": None}, RULES, "none", []),
    ({"microsoft_peering_config": {"routing_registry_name": "arin"}}, RULES, "none", []),
    ({"microsoft_peering_config": {"routing_registry_name": "RADB"}}, RULES, "update",
     ["microsoft_peering_config.routing_registry_name"]),
    ({"microsoft_peering_config": {"advertised_public_prefixes": ["123.1.0.0/24", "123.0.0.0/30"]}}, RULES, "none", []),
    ({"microsoft_peering_config": {"advertised_public_prefixes": ["123.0.0.0/30"]}}, RULES, "update",
     ["microsoft_peering_config.advertised_public_prefixes"]),
    ({"microsoft_peering_config": {"advertised_public_prefixes": ["123.0.0.0/30"]}},
     dict(RULES, purge_lists={"microsoft_peering_config.advertised_public_prefixes": False}), "none", []),
    ({"microsoft_peering_config": {"advertised_public_prefixes": ["123.1.0.0/24", "123.0.0.0/30"]}},
     {"read_only": RULES["read_only"]}, "update", ["microsoft_peering_config.advertised_public_prefixes"]),
    ({"microsoft_peering_config": {"advertised_communities": None}}, RULES, "none", []),
    ({"microsoft_peering_config": {"advertised_public_prefixes_state": "NotConfigured"}}, RULES, "none", []),
    ({"azure_asn": 1}, RULES, "none", []),
    ({"peering_type": "microsoftpeering"}, RULES, "none", []),
    ({"peering_state": "enabled"}, RULES, "update", ["peering_state"]),
    ({"shared_key": "changed"}, RULES, "update", ["shared_key"]),
    ({"ipv6_peering_config": {"state": "Enabled"}}, RULES, "update", ["ipv6_peering_config.state"]),
    ({"microsoft_peering_config": {"advertised_communities": []}}, RULES, "none", []),
    ({"route_filter_id": "/x"}, RULES, "update", ["route_filter_id"]),
], ids=["same-scalar", "changed-scalar", "unset-is-unmanaged", "case-insensitive-equal", "case-insensitive-changed",
        "set-list-reordered", "set-list-purged", "set-list-not-purged", "ordered-list-reordered",
        "nested-unset", "read-only-ignored", "top-read-only-ignored", "type-case-insensitive",
        "state-case-sensitive", "secret-changed", "nested-dict-added", "empty-list-equals-empty",
        "none-to-value"])
def test_update_or_none(desired, kwargs, action, changed):
    result = plan(desired, CURRENT, **kwargs)
    assert result.action == action
    assert result.changed_fields == changed
    assert result.changed is (action != "none")
    assert "azure_asn" not in result.before
    assert "azure_asn" not in result.after
    assert "advertised_public_prefixes_state" not in result.after["microsoft_peering_config"]


def test_after_keeps_the_server_spelling_when_equal():
    result = plan({"microsoft_peering_config": {"routing_registry_name": "arin",
                                                "advertised_public_prefixes": ["123.1.0.0/24", "123.0.0.0/30"]}},
                  CURRENT, **RULES)
    assert result.after["microsoft_peering_config"]["routing_registry_name"] == "ARIN"
    assert result.after["microsoft_peering_config"]["advertised_public_prefixes"] == ["123.0.0.0/30", "123.1.0.0/24"]


def test_after_carries_unmanaged_fields_through():
    result = plan({"vlan_id": 301}, CURRENT, **RULES)
    expected = copy.deepcopy(CURRENT)
    expected["vlan_id"] = 301
    del expected["azure_asn"], expected["provisioning_state"]
    del expected["microsoft_peering_config"]["advertised_public_prefixes_state"]
    assert result.after == expected


@pytest.mark.parametrize("current, desired, merged", [
    (["a", "b"], ["c", "a"], ["a", "b", "c"]),
    (["a"], ["c", "b", "c"], ["a", "c", "b"]),
    (None, ["b", "a"], ["b", "a"]),
    (["a", "b"], [], ["a", "b"]),
], ids=["union-current-first", "new-in-order-deduplicated", "nothing-current", "empty-desired-keeps-all"])
def test_lists_not_purged_are_merged(current, desired, merged):
    result = plan({"items": desired}, {"items": current}, purge_lists={"items": False})
    assert result.after["items"] == merged


@pytest.mark.parametrize("current, desired, merged", [
    (["a", "b"], ["c"], ["c"]),
    (["a", "b"], [], []),
], ids=["replace", "purge-all"])
def test_lists_replace_by_default(current, desired, merged):
    assert plan({"items": desired}, {"items": current}).after["items"] == merged


def test_purge_merge_respects_case_insensitive_items():
    result = plan({"items": ["ARIN", "radb"]}, {"items": ["arin"]}, purge_lists={"items": False},
                  case_insensitive={"items"})
    assert result.after["items"] == ["arin", "radb"]


@pytest.mark.parametrize("desired, current, action, before, after, changed", [
    ({"vlan_id": 100, "shared_key": None, "cfg": {"a": 1, "b": None}}, None, "create", None,
     {"vlan_id": 100, "cfg": {"a": 1}}, ["cfg.a", "vlan_id"]),
    (None, {"vlan_id": 100, "azure_asn": 1}, "delete", {"vlan_id": 100}, None, ["vlan_id"]),
    (None, None, "none", None, None, []),
], ids=["create", "delete", "absent-and-gone"])
def test_create_and_delete(desired, current, action, before, after, changed):
    result = plan(desired, current, read_only={"azure_asn"})
    assert result == Plan(action, before, after, changed)


def test_read_only_in_desired_never_enters_after_on_create():
    result = plan({"vlan_id": 1, "provisioning_state": "Succeeded"}, None, read_only={"provisioning_state"})
    assert result.after == {"vlan_id": 1}


def test_read_only_inside_list_items_is_dropped():
    current = {"connections": [{"name": "gr", "provisioning_state": "Succeeded"}]}
    result = plan({}, current, read_only={"connections.provisioning_state"})
    assert result.before == {"connections": [{"name": "gr"}]}
    assert result.action == "none"


@pytest.mark.parametrize("data, paths, expected", [
    ({"shared_key": "A1B2C3D4", "vlan_id": 100}, {"shared_key"}, {"shared_key": MASK, "vlan_id": 100}),
    ({"shared_key": None}, {"shared_key"}, {"shared_key": None}),
    ({"connections": [{"authorization_key": "k", "name": "a"}, {"name": "b"}]}, {"connections.authorization_key"},
     {"connections": [{"authorization_key": MASK, "name": "a"}, {"name": "b"}]}),
    ({"a": {"b": {"secret": "s"}}}, {"a.b.secret"}, {"a": {"b": {"secret": MASK}}}),
    (None, {"x"}, None),
], ids=["top-level", "unset-stays-none", "inside-list-items", "nested", "none"])
def test_masked(data, paths, expected):
    before = copy.deepcopy(data)
    assert masked(data, paths) == expected
    assert data == before


@pytest.mark.parametrize("desired, current, expected", [
    ({"shared_key": "new", "vlan_id": 1}, {"shared_key": "old", "vlan_id": 1},
     {"before": {"shared_key": MASK, "vlan_id": 1}, "after": {"shared_key": MASK, "vlan_id": 1}}),
    ({"shared_key": "new"}, None, {"before": {}, "after": {"shared_key": MASK}}),
    (None, {"shared_key": "old"}, {"before": {"shared_key": MASK}, "after": {}}),
], ids=["update", "create", "delete"])
def test_diff_for_masks_secrets(desired, current, expected):
    result = plan(desired, current)
    assert diff_for(result, {"shared_key"}) == expected
    assert "new" not in repr(diff_for(result, {"shared_key"}))


# ----------------------------------------------------------------- properties

KEYS = st.sampled_from(["vlan_id", "peer_asn", "state", "registry", "prefixes", "communities", "cfg"])
SCALARS = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["a", "A", "b", "B", "arin", "ARIN"]))
LISTS = st.lists(st.sampled_from(["a", "A", "b", "c", "10.0.0.0/8"]), max_size=4)
VALUES = st.recursive(st.one_of(SCALARS, LISTS), lambda inner: st.dictionaries(KEYS, inner, max_size=4), max_leaves=8)
DOCS = st.dictionaries(KEYS, VALUES, max_size=5)
PATHS = ["prefixes", "communities", "cfg.prefixes", "cfg.registry", "registry", "state", "cfg.cfg.prefixes"]
PATH_SETS = st.sets(st.sampled_from(PATHS))


@settings(max_examples=400, deadline=None)
@given(desired=DOCS, current=st.one_of(st.none(), DOCS), no_purge=PATH_SETS, set_lists=PATH_SETS,
       case_insensitive=PATH_SETS, read_only=st.sets(st.sampled_from(["state", "cfg.state", "cfg"])))
def test_planning_again_against_after_finds_nothing_to_do(desired, current, no_purge, set_lists, case_insensitive,
                                                          read_only):
    kwargs = dict(purge_lists={path: False for path in no_purge}, set_lists=set_lists,
                  case_insensitive=case_insensitive, read_only=read_only)
    first = plan(desired, current, **kwargs)
    second = plan(desired, first.after, **kwargs)
    assert second.action == "none", (first, second)
    assert second.after == first.after


@settings(max_examples=200, deadline=None)
@given(current=DOCS)
def test_desired_equal_to_current_is_none(current):
    assert plan(current, current).action == "none"


@settings(max_examples=200, deadline=None)
@given(desired=DOCS, current=DOCS)
def test_changed_fields_are_exactly_the_differences(desired, current):
    result = plan(desired, current)
    assert (result.action == "update") == bool(result.changed_fields)
    assert result.changed_fields == sorted(result.changed_fields)


# ------------------------------------------------------------------ repair

@pytest.mark.parametrize("state, broken", [
    ("Failed", True), ("Canceled", True), ("Cancelled", True), ("Succeeded", False), ("Updating", False),
    ("Deleting", False), (None, False), ("failed", False),
])
def test_is_broken(state, broken):
    assert is_broken(state) is broken


SAME = {"name": "a", "vlan_id": 100}


@pytest.mark.parametrize("plan, state, action, expected", [
    (Plan("none", SAME, SAME), "Failed", "update", "update"),
    (Plan("none", SAME, SAME), "Canceled", "replace", "replace"),
    (Plan("none", SAME, SAME), "Succeeded", "update", "none"),
    (Plan("none", SAME, SAME), "Updating", "update", "none"),
    (Plan("none", SAME, SAME), None, "update", "none"),
    (Plan("update", SAME, dict(SAME, vlan_id=200), ["vlan_id"]), "Failed", "replace", "update"),
    (Plan("delete", SAME, None, ["name", "vlan_id"]), "Failed", "update", "delete"),
    (Plan("create", None, SAME, ["name", "vlan_id"]), "Failed", "update", "create"),
    (Plan("none", None, None), "Failed", "update", "none"),
], ids=["failed", "canceled-replace", "healthy", "still-running", "no-state", "update-wins", "delete-wins",
        "create-wins", "absent-stays-absent"])
def test_plan_repair(plan, state, action, expected):
    frozen = copy.deepcopy(plan)
    repaired = plan_repair(plan, state, action=action)
    assert plan == frozen, "plan_repair modified its input"
    assert repaired.action == expected
    assert (repaired.before, repaired.after, repaired.changed_fields) == (plan.before, plan.after, plan.changed_fields)


def test_a_repair_is_planned_against_the_desired_state():
    current = dict(CURRENT)
    plan = plan_repair(plan_resource({"vlan_id": 300}, current, read_only=RULES["read_only"]), "Failed")
    assert plan.action == "update" and plan.changed
    assert plan.after["vlan_id"] == 300 and plan.after["shared_key"] == "A1B2C3D4"
