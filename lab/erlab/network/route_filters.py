"""Microsoft.Network routeFilters and their routeFilterRules.

A route filter decides which Microsoft services' prefixes a Microsoft peering
receives: its rule lists BGP community values (12076:5010 ...) and a peering
points at it with `routeFilter.id` (edge-and-gen2.md). Shapes follow the
azure-rest-api-specs examples RouteFilterCreate / RouteFilterGet /
RouteFilterRuleCreate (tests/examples/).

Rules from Microsoft's route-filter how-to (Learn, "Configure route filters
for Microsoft peering"): a filter holds one rule and it must be of type Allow;
a filter attached to a peering cannot be deleted. The error codes are the
lab's (assumptions, README provenance).
"""

from __future__ import annotations

import re
from typing import Any

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..clock import new_etag
from ..errors import bad_request, child_not_found, top_level_not_found
from ..ids import PEERING, child_id, group_id
from ..store import Resource
from .builders import normalise_location
from .common import body_properties, check_preconditions, require_group, set_state
from .render import render_peering

ROUTE_FILTER = "Microsoft.Network/routeFilters"
ROUTE_FILTER_RULE = "Microsoft.Network/routeFilters/routeFilterRules"
COMMUNITY = re.compile(r"^\d{1,10}:\d{1,10}$")


# -- ids and loading ------------------------------------------------------------

def filter_id(subscription: str, resource_group: str, name: str) -> str:
    return f"{group_id(subscription, resource_group)}/providers/{ROUTE_FILTER}/{name}"


def _canonical_group(ctx: ArmContext) -> str:
    return require_group(ctx)["name"]


def _path_filter_id(ctx: ArmContext) -> str:
    return filter_id(ctx.subscription, _canonical_group(ctx), ctx.params["filter"])


def load_filter(ctx: ArmContext) -> Resource:
    route_filter = ctx.store.get(_path_filter_id(ctx))
    if route_filter is None:
        raise top_level_not_found(ROUTE_FILTER, ctx.params["filter"], ctx.params["rg"])
    return route_filter


def lock_key(resource_id: str) -> str:
    """Everything under a filter serialises on the filter."""
    return "/".join(resource_id.split("/")[:9]).lower()


# -- validation -----------------------------------------------------------------

def check_rule(props: Any, target: str) -> dict[str, Any]:
    if not isinstance(props, dict):
        raise bad_request("InvalidRequestFormat", "A route filter rule needs properties.", target)
    access = props.get("access")
    if str(access) != "Allow":
        raise bad_request(
            "RouteFilterRuleAccessNotAllowed",
            f"Route filter rule access '{access}' is not supported. A route filter rule must be of type Allow.",
            f"{target}.access",
        )
    rule_type = props.get("routeFilterRuleType")
    if rule_type != "Community":
        raise bad_request(
            "InvalidRouteFilterRuleType",
            f"Route filter rule type '{rule_type}' is invalid. The only valid value is Community.",
            f"{target}.routeFilterRuleType",
        )
    communities = props.get("communities")
    if not isinstance(communities, list) or not communities:
        raise bad_request(
            "RouteFilterRuleCommunitiesRequired",
            "A route filter rule needs a non-empty list of BGP community values (for example 12076:5010).",
            f"{target}.communities",
        )
    for index, value in enumerate(communities):
        if not isinstance(value, str) or not COMMUNITY.match(value):
            raise bad_request(
                "InvalidBgpCommunity",
                f"'{value}' is not a BGP community value of the form <asn>:<value> (for example 12076:5010).",
                f"{target}.communities[{index}]",
            )
    return {"access": "Allow", "routeFilterRuleType": "Community", "communities": list(communities)}


def _one_rule_only(filter_id_: str, names: list[str]) -> None:
    if len({n.lower() for n in names}) > 1:
        raise bad_request(
            "RouteFilterRuleLimitExceeded",
            f"Route filter {filter_id_} can have only one rule; got {', '.join(names)}.",
            "properties.rules",
        )


# -- building and rendering --------------------------------------------------------

def _rule_resource(route_filter_id: str, name: str, props: dict[str, Any], etag: str, location: str | None) -> Resource:
    resource_id = child_id(route_filter_id, "routeFilterRules", name)
    body: dict[str, Any] = {"name": name, "id": resource_id, "etag": etag,
                            "properties": dict(props, provisioningState="Updating")}
    if location:
        body["location"] = location
    return Resource(id=resource_id, type=ROUTE_FILTER_RULE, parent_key=route_filter_id.lower(), body=body)


def render_rule(rule: Resource) -> dict[str, Any]:
    body = dict(rule.body)
    props = body["properties"]
    body["properties"] = {"provisioningState": props.get("provisioningState"), "access": props.get("access"),
                          "routeFilterRuleType": props.get("routeFilterRuleType"),
                          "communities": list(props.get("communities", []))}
    return body


def attached_peerings(env: Env, route_filter_id: str) -> tuple[list[Resource], list[Resource]]:
    """(IPv4 peerings, IPv6 peerings) whose routeFilter names this filter."""
    key = route_filter_id.lower()
    v4, v6 = [], []
    for peering in env.store.list(PEERING):
        props = peering.properties
        if str((props.get("routeFilter") or {}).get("id", "")).lower() == key:
            v4.append(peering)
        ipv6 = props.get("ipv6PeeringConfig") or {}
        if str((ipv6.get("routeFilter") or {}).get("id", "")).lower() == key:
            v6.append(peering)
    return v4, v6


def render_filter(env: Env, route_filter: Resource, api_version: str) -> dict[str, Any]:
    body = dict(route_filter.body)
    props = dict(body["properties"])
    props["rules"] = [render_rule(r) for r in env.store.children(route_filter.id, ROUTE_FILTER_RULE)]
    v4, v6 = attached_peerings(env, route_filter.id)
    props["peerings"] = [render_peering(env, p, api_version) for p in v4]
    props["ipv6Peerings"] = [render_peering(env, p, api_version) for p in v6]
    body["properties"] = props
    return body


def communities_of(env: Env, route_filter_id: str | None) -> list[str]:
    """The community values a filter allows (empty when there is no such filter)."""
    if not route_filter_id:
        return []
    route_filter = env.store.get(route_filter_id)
    if route_filter is None:
        return []
    values: list[str] = []
    for rule in env.store.children(route_filter.id, ROUTE_FILTER_RULE):
        if rule.properties.get("access") == "Allow":
            values += [c for c in rule.properties.get("communities", []) if c not in values]
    return values


# -- the peering's reference ----------------------------------------------------------

def check_peering_reference(ctx: ArmContext, peering_type: str, props: dict[str, Any]) -> None:
    """A peering's routeFilter.id (and ipv6PeeringConfig.routeFilter.id) must name an existing filter.

    Route filters apply to Microsoft peering only (Learn). Codes are assumptions.
    """
    refs = [("properties.routeFilter", props.get("routeFilter"))]
    ipv6 = props.get("ipv6PeeringConfig")
    if isinstance(ipv6, dict):
        refs.append(("properties.ipv6PeeringConfig.routeFilter", ipv6.get("routeFilter")))
    for target, ref in refs:
        if ref is None:
            continue
        ref_id = ref.get("id") if isinstance(ref, dict) else None
        if not isinstance(ref_id, str) or not ref_id:
            raise bad_request("InvalidRouteFilterReference", "routeFilter needs an id.", f"{target}.id")
        if peering_type != "MicrosoftPeering":
            raise bad_request(
                "RouteFilterOnlyOnMicrosoftPeering",
                f"A route filter can be attached to Microsoft peering only, not to {peering_type}.",
                target,
            )
        found = ctx.store.get(ref_id)
        if found is None or found.type != ROUTE_FILTER:
            raise bad_request(
                "RouteFilterNotFound",
                f"Route filter {ref_id} referenced by the peering does not exist.",
                f"{target}.id",
            )


# -- handlers: routeFilters ---------------------------------------------------------

def get(ctx: ArmContext) -> ArmResponse:
    body = render_filter(ctx.env, load_filter(ctx), ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def list_in_group(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    filters = ctx.store.list(ROUTE_FILTER, ctx.subscription, ctx.params["rg"])
    return ArmResponse(200, {"value": [render_filter(ctx.env, f, ctx.api_version) for f in filters]})


def list_in_subscription(ctx: ArmContext) -> ArmResponse:
    filters = ctx.store.list(ROUTE_FILTER, ctx.subscription)
    return ArmResponse(200, {"value": [render_filter(ctx.env, f, ctx.api_version) for f in filters]})


def put(ctx: ArmContext) -> ArmResponse:
    resource_id = _path_filter_id(ctx)
    existing = ctx.store.get(resource_id)
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, lock_key(resource_id), "PutRouteFilterOperation")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    location = body.get("location")
    if not location:
        raise bad_request("LocationRequired", "The location property is required for this definition.", "location")
    location = normalise_location(str(location))
    if existing is not None and existing.body["location"] != location:
        raise bad_request("InvalidResourceLocation",
                          f"The resource {resource_id} already exists in location {existing.body['location']}.", "location")
    props = body_properties(ctx)
    inline = props.get("rules")
    if inline is not None and not isinstance(inline, list):
        raise bad_request("InvalidRequestFormat", "properties.rules must be a list.", "properties.rules")
    etag = new_etag()
    planned: list[Resource] = []
    for index, item in enumerate(inline or []):
        if not isinstance(item, dict) or not item.get("name"):
            raise bad_request("InvalidRequestFormat", "Each inline route filter rule needs a name.", f"properties.rules[{index}]")
        rule_props = check_rule(item.get("properties"), f"properties.rules[{index}].properties")
        planned.append(_rule_resource(resource_id, item["name"], rule_props, etag, item.get("location")))
    _one_rule_only(resource_id, [r.body["name"] for r in planned])

    route_filter = existing or Resource(id=resource_id, type=ROUTE_FILTER, body={})
    route_filter.body = {
        "name": existing.body["name"] if existing else ctx.params["filter"],
        "id": resource_id,
        "etag": etag,
        "type": ROUTE_FILTER,
        "location": location,
        "tags": body.get("tags") if isinstance(body.get("tags"), dict) else (existing.body.get("tags", {}) if existing else {}),
        "properties": {"provisioningState": "Updating"},
    }
    ctx.store.save(route_filter, ctx.now)
    # PUT is the whole filter: rules left out of rules[] are deleted.
    kept = {r.key for r in planned}
    for old in ctx.store.children(resource_id, ROUTE_FILTER_RULE):
        if old.key not in kept:
            ctx.store.remove(old.id)
    for rule in planned:
        ctx.store.save(rule, ctx.now)
    op = operations.start(
        ctx, provider="Microsoft.Network", location=location, name="PutRouteFilterOperation", target_id=resource_id,
        lock_key=lock_key(resource_id), effect={"kind": "network.put", "ids": [resource_id] + [r.id for r in planned]},
    )
    status = 200 if existing else 201
    return ArmResponse(status, render_filter(ctx.env, route_filter, ctx.api_version),
                       operations.async_headers(ctx.env, op, location=False))


def patch_tags(ctx: ArmContext) -> ArmResponse:
    route_filter = load_filter(ctx)
    check_preconditions(ctx, route_filter)
    operations.assert_idle(ctx, lock_key(route_filter.id), "UpdateRouteFilterTagsOperation")
    tags = ctx.body.get("tags") if isinstance(ctx.body, dict) else None
    if not isinstance(tags, dict):
        raise bad_request("InvalidRequestFormat", "The request body must be {\"tags\": {...}}.", "tags")
    route_filter.body["tags"] = {str(k): str(v) for k, v in tags.items()}
    route_filter.body["etag"] = new_etag()
    ctx.store.save(route_filter, ctx.now)
    body = render_filter(ctx.env, route_filter, ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def _refuse_if_attached(ctx: ArmContext, route_filter: Resource) -> None:
    v4, v6 = attached_peerings(ctx.env, route_filter.id)
    users = [p.id for p in v4] + [p.id + " (IPv6)" for p in v6]
    if users:
        raise bad_request(
            "RouteFilterInUse",
            f"Route filter {route_filter.id} cannot be deleted because it is attached to peerings: {', '.join(users)}. "
            "Detach it from each peering first.",
        )


def delete(ctx: ArmContext) -> ArmResponse:
    route_filter = ctx.store.get(_path_filter_id(ctx))
    if route_filter is None:
        return ArmResponse(204)
    check_preconditions(ctx, route_filter)
    operations.assert_idle(ctx, lock_key(route_filter.id), "DeleteRouteFilterOperation")
    _refuse_if_attached(ctx, route_filter)
    set_state(route_filter, "Deleting")
    ctx.store.save(route_filter, ctx.now)
    op = operations.start(
        ctx, provider="Microsoft.Network", location=route_filter.body["location"], name="DeleteRouteFilterOperation",
        target_id=route_filter.id, lock_key=lock_key(route_filter.id),
        effect={"kind": "network.delete", "ids": [route_filter.id]},
    )
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))


# -- handlers: routeFilterRules -------------------------------------------------------

def _rule_id(ctx: ArmContext, route_filter: Resource) -> str:
    return child_id(route_filter.id, "routeFilterRules", ctx.params["rule"])


def get_rule(ctx: ArmContext) -> ArmResponse:
    route_filter = load_filter(ctx)
    rule = ctx.store.get(_rule_id(ctx, route_filter))
    if rule is None:
        raise child_not_found(_rule_id(ctx, route_filter))
    body = render_rule(rule)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def list_rules(ctx: ArmContext) -> ArmResponse:
    route_filter = load_filter(ctx)
    return ArmResponse(200, {"value": [render_rule(r) for r in ctx.store.children(route_filter.id, ROUTE_FILTER_RULE)]})


def put_rule(ctx: ArmContext) -> ArmResponse:
    route_filter = load_filter(ctx)
    resource_id = _rule_id(ctx, route_filter)
    existing = ctx.store.get(resource_id)
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, lock_key(route_filter.id), "PutRouteFilterRuleOperation")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    rule_props = check_rule(body.get("properties"), "properties")
    others = [r.body["name"] for r in ctx.store.children(route_filter.id, ROUTE_FILTER_RULE) if r.key != resource_id.lower()]
    _one_rule_only(route_filter.id, others + [ctx.params["rule"]])
    etag = new_etag()
    rule = _rule_resource(route_filter.id, existing.body["name"] if existing else ctx.params["rule"], rule_props, etag,
                          body.get("location"))
    ctx.store.save(rule, ctx.now)
    route_filter.body["etag"] = etag
    ctx.store.save(route_filter, ctx.now)
    op = operations.start(
        ctx, provider="Microsoft.Network", location=route_filter.body["location"], name="PutRouteFilterRuleOperation",
        target_id=rule.id, lock_key=lock_key(route_filter.id), effect={"kind": "network.put", "ids": [rule.id]},
    )
    return ArmResponse(200 if existing else 201, render_rule(rule), operations.async_headers(ctx.env, op, location=False))


def delete_rule(ctx: ArmContext) -> ArmResponse:
    route_filter = load_filter(ctx)
    rule = ctx.store.get(_rule_id(ctx, route_filter))
    if rule is None:
        return ArmResponse(204)
    check_preconditions(ctx, rule)
    operations.assert_idle(ctx, lock_key(route_filter.id), "DeleteRouteFilterRuleOperation")
    set_state(rule, "Deleting")
    ctx.store.save(rule, ctx.now)
    op = operations.start(
        ctx, provider="Microsoft.Network", location=route_filter.body["location"], name="DeleteRouteFilterRuleOperation",
        target_id=rule.id, lock_key=lock_key(route_filter.id), effect={"kind": "network.delete", "ids": [rule.id]},
    )
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

