"""Route filters, their rules, the BGP community catalogue, and a peering's reference to a filter.

Through the stock azure-mgmt-network SDK (route_filters, route_filter_rules,
bgp_service_communities); raw HTTP only for what the SDK cannot express.
"""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.network.models import RouteFilter, RouteFilterRule

from conftest import NET_API, POLL, RG, SUB

FILTERS = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Network/routeFilters"
MICROSOFT = {"peerASN": 64999, "primaryPeerAddressPrefix": "131.107.0.0/30", "secondaryPeerAddressPrefix": "131.107.0.4/30",
             "vlanId": 300, "microsoftPeeringConfig": {"advertisedPublicPrefixes": ["131.107.0.128/25"],
                                                       "routingRegistryName": "ARIN"}}


def exchange_rule(name: str = "allow-exchange", communities=("12076:5010",)) -> RouteFilterRule:
    return RouteFilterRule(name=name, access="Allow", route_filter_rule_type="Community", communities=list(communities))


def make_filter(net, name: str = "rf-o365", rules=None):
    rules = [exchange_rule()] if rules is None else rules
    return net.route_filters.begin_create_or_update(RG, name, RouteFilter(location="westus", rules=rules), **POLL).result()


def attach(net, filter_id: str | None, circuit: str = "er-sv-primary"):
    props = dict(MICROSOFT)
    if filter_id is not None:
        props["routeFilter"] = {"id": filter_id}
    return net.express_route_circuit_peerings.begin_create_or_update(
        RG, circuit, "MicrosoftPeering", {"properties": props}, **POLL).result()


def test_route_filter_lifecycle(world, net, arm):
    created = arm.put(f"{FILTERS}/rf-o365", params={"api-version": NET_API},
                      json={"location": "West US", "tags": {"team": "net"},
                            "properties": {"rules": [{"name": "r1", "properties": {
                                "access": "Allow", "routeFilterRuleType": "Community", "communities": ["12076:5010"]}}]}})
    assert created.status_code == 201 and created.headers["Azure-AsyncOperation"]
    assert created.json()["properties"]["provisioningState"] == "Updating"
    from erlab.testing import wait_for

    route_filter = wait_for(lambda: (f := net.route_filters.get(RG, "rf-o365")).provisioning_state == "Succeeded" and f)
    assert route_filter.location == "westus" and route_filter.tags == {"team": "net"}
    assert [(r.name, r.access, r.communities, r.provisioning_state) for r in route_filter.rules] == [
        ("r1", "Allow", ["12076:5010"], "Succeeded")]
    assert route_filter.peerings == []
    assert [f.name for f in net.route_filters.list_by_resource_group(RG)] == ["rf-o365"]
    assert [f.name for f in net.route_filters.list()] == ["rf-o365"]

    tagged = net.route_filters.update_tags(RG, "rf-o365", {"tags": {"team": "edge"}})
    assert tagged.tags == {"team": "edge"} and [r.name for r in tagged.rules] == ["r1"]  # PATCH keeps the rules

    # The rule as its own resource: replace its communities, read, list.
    rule = net.route_filter_rules.begin_create_or_update(
        RG, "rf-o365", "r1", exchange_rule("r1", ["12076:5010", "12076:5060"]), **POLL).result()
    assert rule.communities == ["12076:5010", "12076:5060"] and rule.provisioning_state == "Succeeded"
    assert net.route_filter_rules.get(RG, "rf-o365", "r1").communities == ["12076:5010", "12076:5060"]
    assert [r.name for r in net.route_filter_rules.list_by_route_filter(RG, "rf-o365")] == ["r1"]

    net.route_filter_rules.begin_delete(RG, "rf-o365", "r1", **POLL).result()
    assert list(net.route_filter_rules.list_by_route_filter(RG, "rf-o365")) == []
    with pytest.raises(HttpResponseError) as missing:
        net.route_filter_rules.get(RG, "rf-o365", "r1")
    assert missing.value.status_code == 404

    net.route_filters.begin_delete(RG, "rf-o365", **POLL).result()
    with pytest.raises(HttpResponseError) as gone:
        net.route_filters.get(RG, "rf-o365")
    assert gone.value.status_code == 404 and gone.value.error.code == "ResourceNotFound"
    assert arm.delete(f"{FILTERS}/rf-o365", params={"api-version": NET_API}).status_code == 204


def test_put_replaces_the_rules(world, net):
    make_filter(net, rules=[exchange_rule("old")])
    replaced = make_filter(net, rules=[exchange_rule("new", ["12076:5100"])])
    assert [r.name for r in replaced.rules] == ["new"]
    assert [r.name for r in net.route_filter_rules.list_by_route_filter(RG, "rf-o365")] == ["new"]
    emptied = make_filter(net, rules=[])
    assert emptied.rules == []


@pytest.mark.parametrize(
    "rule, code",
    [
        ({"access": "Deny", "routeFilterRuleType": "Community", "communities": ["12076:5010"]}, "RouteFilterRuleAccessNotAllowed"),
        ({"access": "Allow", "routeFilterRuleType": "Prefix", "communities": ["12076:5010"]}, "InvalidRouteFilterRuleType"),
        ({"access": "Allow", "routeFilterRuleType": "Community", "communities": []}, "RouteFilterRuleCommunitiesRequired"),
        ({"access": "Allow", "routeFilterRuleType": "Community", "communities": ["exchange"]}, "InvalidBgpCommunity"),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_written(world, arm, rule, code):
    body = {"location": "westus", "properties": {"rules": [{"name": "r", "properties": rule}]}}
    answer = arm.put(f"{FILTERS}/rf-bad", params={"api-version": NET_API}, json=body)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == code
    assert arm.get(f"{FILTERS}/rf-bad", params={"api-version": NET_API}).status_code == 404


def test_one_rule_per_filter(world, net, arm):
    two = {"location": "westus", "properties": {"rules": [
        {"name": n, "properties": {"access": "Allow", "routeFilterRuleType": "Community", "communities": ["12076:5010"]}}
        for n in ("a", "b")]}}
    answer = arm.put(f"{FILTERS}/rf-two", params={"api-version": NET_API}, json=two)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "RouteFilterRuleLimitExceeded"
    make_filter(net)
    with pytest.raises(HttpResponseError) as second:
        net.route_filter_rules.begin_create_or_update(RG, "rf-o365", "another", exchange_rule("another"), **POLL).result()
    assert second.value.error.code == "RouteFilterRuleLimitExceeded"


def test_peering_reference_must_exist(world, net):
    missing = f"{FILTERS}/rf-nowhere"
    with pytest.raises(HttpResponseError) as refused:
        attach(net, missing)
    assert refused.value.status_code == 400 and refused.value.error.code == "RouteFilterNotFound"
    assert list(net.express_route_circuit_peerings.list(RG, "er-sv-primary")) == []  # nothing written


def test_route_filter_only_on_microsoft_peering(world, net):
    route_filter = make_filter(net)
    with pytest.raises(HttpResponseError) as refused:
        net.express_route_circuit_peerings.begin_create_or_update(
            RG, "er-sv-primary", "AzurePrivatePeering",
            {"properties": {"peerASN": 65010, "primaryPeerAddressPrefix": "10.255.0.0/30",
                            "secondaryPeerAddressPrefix": "10.255.0.4/30", "vlanId": 100,
                            "routeFilter": {"id": route_filter.id}}}, **POLL).result()
    assert refused.value.error.code == "RouteFilterOnlyOnMicrosoftPeering"


def test_filter_in_use_cannot_be_deleted(world, net):
    route_filter = make_filter(net)
    peering = attach(net, route_filter.id)
    assert peering.route_filter.id.lower() == route_filter.id.lower()
    seen = net.route_filters.get(RG, "rf-o365")
    assert [p.id for p in seen.peerings] == [peering.id]  # the filter lists who uses it
    with pytest.raises(HttpResponseError) as refused:
        net.route_filters.begin_delete(RG, "rf-o365", **POLL).result()
    assert refused.value.status_code == 400 and refused.value.error.code == "RouteFilterInUse"
    assert net.route_filters.get(RG, "rf-o365").provisioning_state == "Succeeded"
    attach(net, None)  # detach: PUT the peering without routeFilter
    assert net.route_filters.get(RG, "rf-o365").peerings == []
    net.route_filters.begin_delete(RG, "rf-o365", **POLL).result()


def test_service_community_catalogue(world, net):
    services = {s.name: s for s in net.bgp_service_communities.list()}
    assert {"Exchange", "AzureActiveDirectory", "OtherOffice365Services"} <= set(services)
    exchange = services["Exchange"]
    assert exchange.type == "Microsoft.Network/bgpServiceCommunities" and exchange.service_name == "Exchange"
    values = {c.community_value for c in exchange.bgp_communities}
    assert values == {"12076:5010"}
    v4 = next(c for c in exchange.bgp_communities if c.community_name == "Exchange")
    assert "40.96.0.0/13" in v4.community_prefixes and v4.service_group == "O365"
    aad = services["AzureActiveDirectory"].bgp_communities[0]
    assert aad.community_value == "12076:5060" and aad.is_authorized_to_use is True


def test_world_replaces_the_catalogue(world, net):
    from erlab.world import load_world_file

    data = load_world_file(None)
    data["bgp_service_communities"] = [{"serviceName": "Only", "bgpCommunities": [
        {"communityName": "Only", "communityValue": "12076:5999", "communityPrefixes": ["198.51.100.0/24"],
         "isAuthorizedToUse": True, "serviceGroup": "Azure", "serviceSupportedRegion": "Global"}]}]
    world.admin.reset(data)
    assert [s.name for s in net.bgp_service_communities.list()] == ["Only"]


# -- the official examples, replayed (ids adapted to the lab world) ----------------

def test_example_route_filter_create(world, arm):
    from test_examples import _settle, assert_shape, example

    ex = example("network_2025-01-01_RouteFilterCreate.json")
    version = ex["parameters"]["api-version"]
    path = f"{FILTERS}/{ex['parameters']['routeFilterName']}"
    created = arm.put(path, params={"api-version": version}, json=ex["parameters"]["routeFilterParameters"])
    assert created.status_code == 201
    assert_shape(created.json(), ex["responses"]["201"]["body"])
    assert_shape(_settle(arm, path, version), ex["responses"]["200"]["body"])
    again = arm.put(path, params={"api-version": version}, json=ex["parameters"]["routeFilterParameters"])
    assert again.status_code == 200
    got = example("network_2025-05-01_RouteFilterGet.json")
    answer = arm.get(path, params={"api-version": got["parameters"]["api-version"]})
    assert answer.status_code == 200
    assert_shape(answer.json(), got["responses"]["200"]["body"])


def test_example_route_filter_rule_create(world, net, arm):
    from test_examples import assert_shape, example

    make_filter(net, name="filterName", rules=[])
    ex = example("network_2025-05-01_RouteFilterRuleCreate.json")
    version = ex["parameters"]["api-version"]
    path = f"{FILTERS}/filterName/routeFilterRules/{ex['parameters']['ruleName']}"
    created = arm.put(path, params={"api-version": version}, json=ex["parameters"]["routeFilterRuleParameters"])
    assert created.status_code == 201 and created.headers["Azure-AsyncOperation"]
    assert_shape(created.json(), ex["responses"]["201"]["body"])


def test_example_service_community_list(world, arm):
    from test_examples import assert_shape, example

    ex = example("network_2024-05-01_ServiceCommunityList.json")
    answer = arm.get(f"/subscriptions/{SUB}/providers/Microsoft.Network/bgpServiceCommunities",
                     params={"api-version": ex["parameters"]["api-version"]})
    assert answer.status_code == 200
    assert_shape(answer.json(), ex["responses"]["200"]["body"])


def test_circuit_with_an_attached_filter_cannot_be_deleted(world, net):
    route_filter = make_filter(net)
    attach(net, route_filter.id)
    with pytest.raises(HttpResponseError) as refused:
        net.express_route_circuits.begin_delete(RG, "er-sv-primary", **POLL).result()
    assert refused.value.error.code == "CircuitHasRouteFilters"
    assert net.express_route_circuits.get(RG, "er-sv-primary").provisioning_state == "Succeeded"


def test_route_filters_exist_from_2016_12_01(world, arm):
    for path in (FILTERS, f"/subscriptions/{SUB}/providers/Microsoft.Network/bgpServiceCommunities"):
        old = arm.get(path, params={"api-version": "2016-11-01"})
        assert old.status_code == 400 and old.json()["error"]["code"] == "InvalidApiVersionParameter"
        assert arm.get(path, params={"api-version": "2016-12-01"}).status_code == 200
