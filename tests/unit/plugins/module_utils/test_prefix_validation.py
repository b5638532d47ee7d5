# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-prefix validation: the option's items, the API's per-prefix list, what is written, and the advice."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.peering_model import (
    PEERING_READ_ONLY, peering_desired_state, peering_from_api, peering_request, peering_rest_body, planned_peering,
    with_prefix_proofs, without_prefix_proofs)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.prefix_validation import (
    info_request, prefix_info_from_api, proofs_from_info, validation_advice)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import validate_peering
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.prefix_items import (
    prefix_of, split_prefix_items)

OPTION = "microsoft_peering_config.advertised_public_prefixes"


def wire_peering(info, state="ValidationNeeded"):
    return {
        "name": "MicrosoftPeering", "etag": 'W/"1"',
        "properties": {
            "peeringType": "MicrosoftPeering", "peerASN": 1234, "vlanId": 300, "provisioningState": "Succeeded",
            "primaryPeerAddressPrefix": "131.107.0.0/30", "secondaryPeerAddressPrefix": "131.107.0.4/30",
            "microsoftPeeringConfig": {
                "advertisedPublicPrefixes": [entry["prefix"] for entry in info],
                "customerASN": 2245, "routingRegistryName": "ARIN",
                "advertisedPublicPrefixesState": state,
                "advertisedPublicPrefixInfo": info,
            },
        },
    }


INFO = [
    {"prefix": "123.1.0.0/24", "validationId": "id-1", "signature": "", "validationState": "Configured"},
    {"prefix": "123.0.0.0/30", "validationId": "id-2", "signature": "", "validationState": "ValidationNeeded"},
]


@pytest.mark.parametrize("items, prefixes, proofs, problems", [
    (None, None, None, []),
    ("123.0.0.0/30", "123.0.0.0/30", None, []),
    (["123.0.0.0/30"], ["123.0.0.0/30"], None, []),
    ([{"prefix": "123.0.0.0/30"}], ["123.0.0.0/30"], None, []),
    ([{"prefix": "123.0.0.0/30", "signature": "sig"}], ["123.0.0.0/30"],
     {"123.0.0.0/30": {"signature": "sig", "validation_id": None}}, []),
    (["1.2.3.0/24", {"prefix": "123.000.0.0/30", "validation_id": "v"}], ["1.2.3.0/24", "123.000.0.0/30"],
     {"123.000.0.0/30": {"signature": None, "validation_id": "v"}}, []),
    ([{"signature": "sig"}], [None], None, ["%s[0].prefix" % OPTION]),
    ([{"prefix": "1.2.3.0/24", "signature": ""}], ["1.2.3.0/24"],
     {"1.2.3.0/24": {"signature": "", "validation_id": None}}, ["%s[0].signature" % OPTION]),
    ([{"prefix": "1.2.3.0/24", "colour": "red"}], ["1.2.3.0/24"], None, ["%s[0]" % OPTION]),
    ([{"prefix": "1.2.3.0/24", "signature": "a"}, {"prefix": "1.2.3.0/24", "signature": "b"}],
     ["1.2.3.0/24", "1.2.3.0/24"], {"1.2.3.0/24": {"signature": "b", "validation_id": None}}, ["%s[1]" % OPTION]),
])
def test_split_prefix_items(items, prefixes, proofs, problems):
    given = copy.deepcopy(items)
    got_prefixes, got_proofs, got_problems = split_prefix_items(OPTION, items)
    assert got_prefixes == prefixes
    assert got_proofs == proofs
    assert [problem.option for problem in got_problems] == problems
    assert items == given


def test_prefix_of():
    assert prefix_of("1.2.3.0/24") == "1.2.3.0/24"
    assert prefix_of({"prefix": "1.2.3.0/24", "signature": "s"}) == "1.2.3.0/24"


def test_validate_peering_checks_dict_items_at_the_users_index():
    desired = {"peering_type": "MicrosoftPeering", "microsoft_peering_config": {
        "advertised_public_prefixes": ["123.1.0.0/24", {"prefix": "10.0.0.0/24", "signature": "s"}],
        "routing_registry_name": "ARIN"}}
    problems = [str(problem) for problem in validate_peering(desired)]
    assert any(text.startswith("%s[1]" % OPTION) and "10.0.0.0/24" in text for text in problems), problems


def test_api_info_in_user_schema_and_planning_view():
    info = prefix_info_from_api([{"prefix": "2001:DB8::/48", "validation_id": "v", "signature": "s",
                                  "validation_state": "Configured"}])
    assert info == [{"prefix": "2001:db8::/48", "validation_id": "v", "signature": "s", "validation_state": "Configured"}]
    assert proofs_from_info(info) == {"2001:db8::/48": {"signature": "s", "validation_id": "v"}}
    assert prefix_info_from_api(None) is None and proofs_from_info(None) is None


@pytest.mark.parametrize("prefixes, proofs, expected", [
    # Read values carried, empty ones not sent, the read-only state never sent, stale entries dropped.
    (["123.1.0.0/24"], None, [{"prefix": "123.1.0.0/24", "validation_id": "id-1"}]),
    (["123.0.0.0/30", "9.9.9.0/24"], {"123.0.0.0/30": {"signature": "sig", "validation_id": None}},
     [{"prefix": "123.0.0.0/30", "validation_id": "id-2", "signature": "sig"}, {"prefix": "9.9.9.0/24"}]),
    (["123.0.0.0/30"], {"123.0.0.0/30": {"signature": "sig", "validation_id": "mine"}},
     [{"prefix": "123.0.0.0/30", "validation_id": "mine", "signature": "sig"}]),
])
def test_info_request(prefixes, proofs, expected):
    current = [{"prefix": e["prefix"], "validation_id": e["validationId"], "signature": e["signature"],
                "validation_state": e["validationState"]} for e in INFO]
    before = copy.deepcopy(current)
    assert info_request(prefixes, current, proofs) == expected
    assert current == before


def plan(desired_params, wire):
    current = with_prefix_proofs(peering_from_api(wire))
    desired = peering_desired_state(desired_params)
    return plan_resource(desired, current, read_only=PEERING_READ_ONLY)


def params(*items):
    return {"peering_type": "MicrosoftPeering", "microsoft_peering_config": {
        "advertised_public_prefixes": list(items), "customer_asn": 2245, "routing_registry_name": "ARIN"}}


def test_service_side_state_changes_are_not_drift():
    first = plan(params("123.1.0.0/24", "123.0.0.0/30"), wire_peering(INFO))
    validated = [dict(entry, validationState="Configured") for entry in INFO]
    second = plan(params("123.1.0.0/24", "123.0.0.0/30"), wire_peering(validated, state="Configured"))
    assert (first.action, second.action) == ("none", "none")


def test_a_new_signature_is_a_change_and_an_equal_one_is_not():
    signed = params("123.1.0.0/24", {"prefix": "123.0.0.0/30", "signature": "sig"})
    changed = plan(signed, wire_peering(INFO))
    assert changed.action == "update"
    assert changed.changed_fields == ["microsoft_peering_config.prefix_validation.123.0.0.0/30.signature"]
    request = peering_rest_body(peering_request(changed.after, wire_peering(INFO)))
    assert request["properties"]["microsoftPeeringConfig"]["advertisedPublicPrefixInfo"] == [
        {"prefix": "123.1.0.0/24", "validationId": "id-1"},
        {"prefix": "123.0.0.0/30", "validationId": "id-2", "signature": "sig"}]
    assert "advertisedPublicPrefixesState" not in request["properties"]["microsoftPeeringConfig"]
    stored = [dict(INFO[0]), dict(INFO[1], signature="sig")]
    assert plan(signed, wire_peering(stored)).action == "none"


def test_planned_peering_keeps_states_of_prefixes_still_advertised():
    current = peering_from_api(wire_peering(INFO))
    changed = plan(params("123.1.0.0/24", "8.8.8.0/24"), wire_peering(INFO))
    final = planned_peering(current, without_prefix_proofs(changed.after))
    config = final["microsoft_peering_config"]
    assert config["advertised_public_prefixes"] == ["123.1.0.0/24", "8.8.8.0/24"]
    assert [entry["prefix"] for entry in config["advertised_public_prefix_info"]] == ["123.1.0.0/24"]
    assert config["advertised_public_prefixes_state"] == "ValidationNeeded"
    assert "prefix_validation" not in config


@pytest.mark.parametrize("state, words", [
    ("ValidationNeeded", ["123.0.0.0/30 is ValidationNeeded", "peer ASN 1234 or customer ASN 2245 in ARIN",
                          "id-2", "signature"]),
    ("SignatureVerificationFailed", ["did not verify against the validation_id"]),
    ("CertificateMissingInRoutingRegistry", ["no certificate"]),
])
def test_advice_names_the_prefix_and_what_to_do(state, words):
    info = [INFO[0], dict(INFO[1], validationState=state)]
    advice = validation_advice(peering_from_api(wire_peering(info)))
    assert len(advice) == 1
    for word in words:
        assert word in advice[0]
    assert "123.1.0.0/24" not in advice[0]


def test_no_advice_when_settled_and_whole_set_advice_without_per_prefix_detail():
    settled = [dict(entry, validationState="Configured") for entry in INFO]
    assert validation_advice(peering_from_api(wire_peering(settled, state="Configured"))) == []
    assert validation_advice(peering_from_api(wire_peering([dict(e, validationState="Configuring") for e in INFO],
                                                           state="Configuring"))) == []
    wire = wire_peering(INFO)
    del wire["properties"]["microsoftPeeringConfig"]["advertisedPublicPrefixInfo"]
    advice = validation_advice(peering_from_api(wire))
    assert len(advice) == 1 and "no per-prefix detail" in advice[0]
    assert validation_advice(None) == []
