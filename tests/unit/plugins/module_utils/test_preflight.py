# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pre-flight rules, one table per rule, and every finding at once."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.preflight import count_by_version, preflight

CIRCUIT = {"name": "er-sv-primary", "sku": {"tier": "Standard"}, "peering_location": "Silicon Valley", "peerings": []}
CLOUD = {"name": "avs-westus-prod", "location": "westus", "generation": 1}


def site(name="sv", **extra):
    base = {"name": name, "circuit_name": "er-sv-primary", "private_peering": {"vlan_id": 100},
            "onprem_prefixes": ["192.168.0.0/16"], "private_cloud": {"name": "avs"}, "private_cloud_name": "avs"}
    base.update(extra)
    return base


def v4(count):
    return ["10.%d.%d.0/24" % (index // 256, index % 256) for index in range(count)]


def v6(count):
    return ["2001:db8:%x::/48" % index for index in range(count)]


def rules(findings, severity=None):
    return sorted(item["rule"] for item in findings if severity is None or item["severity"] == severity)


def test_count_by_version_counts_distinct_parsable_prefixes_of_strings_and_dicts():
    assert count_by_version(["10.0.0.0/8", "10.0.0.0/8", {"prefix": "2001:db8::/32"}, "bad", None]) == {4: 1, 6: 1}


@pytest.mark.parametrize("prefixes, tier, over", [
    (v4(4000), "Standard", False),
    (v4(4001), "Standard", True),
    (v4(4001), "Premium", False),
    (v4(10001), "Premium", True),
    (v6(100), "Standard", False),
    (v6(101), "Premium", True),
])
def test_private_prefix_limit(prefixes, tier, over):
    circuit = dict(CIRCUIT, sku={"tier": tier})
    findings = preflight([site(onprem_prefixes=prefixes)], circuit, [CLOUD])
    assert ("private_prefix_limit" in rules(findings, "error")) is over


def test_private_limit_counts_every_site_on_the_circuit_and_reports_each():
    sites = [site("a", onprem_prefixes=v6(60)), site("b", onprem_prefixes=v6(120)[60:])]
    findings = [item for item in preflight(sites, CIRCUIT, [CLOUD, CLOUD]) if item["rule"] == "private_prefix_limit"]
    assert [item["site"] for item in findings] == ["a", "b"]
    assert "120 IPv6 prefixes" in findings[0]["message"]


MICROSOFT = {"microsoft_peering_config": {"advertised_public_prefixes": ["123.1.0.0/24"]}}


@pytest.mark.parametrize("peering, circuit_peerings, expected", [
    (MICROSOFT, [], ["microsoft_route_filter"]),
    (dict(MICROSOFT, route_filter_id="/rf"), [], []),
    (MICROSOFT, [{"peering_type": "MicrosoftPeering", "route_filter_id": "/rf"}], []),
    (dict(MICROSOFT, state="absent"), [], []),
    ({"microsoft_peering_config": {"advertised_public_prefixes": v4(200)}, "route_filter_id": "/rf"}, [], []),
    ({"microsoft_peering_config": {"advertised_public_prefixes": v4(150) + [{"prefix": p} for p in v6(51)]},
      "route_filter_id": "/rf"}, [], ["microsoft_prefix_limit"]),
    (dict(MICROSOFT, route_filter_id="/rf", ipv6_peering_config={"microsoft_peering_config": {
        "advertised_public_prefixes": v6(201)}}), [], ["microsoft_prefix_limit", "microsoft_route_filter"]),
])
def test_microsoft_rules(peering, circuit_peerings, expected):
    findings = preflight([site(microsoft_peering=peering)], dict(CIRCUIT, peerings=circuit_peerings), [CLOUD])
    assert sorted(rule for rule in rules(findings) if rule.startswith("microsoft")) == expected


@pytest.mark.parametrize("tier, regions, severity", [
    ("Premium", {}, None),
    ("Standard", {}, "info"),
    ("Standard", {"Silicon Valley": "US", "westus": "US"}, None),
    ("Standard", {"silicon valley": "US", "WestUS": "Europe"}, "error"),
    ("Premium", {"Silicon Valley": "US", "westus": "Europe"}, None),
])
def test_global_reach_sku(tier, regions, severity):
    findings = preflight([site()], dict(CIRCUIT, sku={"tier": tier}), [CLOUD], regions)
    sku = [item["severity"] for item in findings if item["rule"] == "global_reach_sku"]
    assert sku == ([severity] if severity else [])
    assert "global_reach_location" in rules(findings, "info")


def test_generation_2_and_sites_without_private_cloud_have_no_global_reach_rules():
    findings = preflight([site(), site("b", private_cloud=None)], CIRCUIT, [dict(CLOUD, generation=2), None])
    assert not [item for item in findings if item["rule"].startswith("global_reach")]


def test_local_sku_and_unread_circuit_say_what_is_not_checked():
    assert "local_sku" in rules(preflight([site()], dict(CIRCUIT, sku={"tier": "Local"}), [CLOUD]), "warning")
    unread = preflight([site()], None, [])
    assert rules(unread) == ["circuit_not_read"]


def test_every_finding_at_once_errors_first_and_inputs_untouched():
    sites = [site(onprem_prefixes=v6(101), microsoft_peering=MICROSOFT)]
    circuit = dict(CIRCUIT)
    given = copy.deepcopy((sites, circuit))
    findings = preflight(sites, circuit, [CLOUD])
    assert [item["severity"] for item in findings] == ["error", "warning", "info", "info"]
    assert rules(findings) == ["global_reach_location", "global_reach_sku", "microsoft_route_filter",
                               "private_prefix_limit"]
    assert all(set(item) == {"severity", "site", "rule", "message"} for item in findings)
    assert (sites, circuit) == given
