"""expressRouteCircuits: GET, list, PUT (replaces children), PATCH tags, DELETE, stats."""

from __future__ import annotations

from typing import Any

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse
from ..clock import new_etag
from ..errors import bad_request
from ..ids import CIRCUIT, CIRCUIT_AUTHORIZATION, CIRCUIT_CONNECTION, PEERING
from ..store import Resource
from .builders import SKU_FAMILIES, SKU_TIERS, new_authorization, new_circuit, peering_body
from .common import (
    check_preconditions,
    circuit_from_path,
    load_circuit,
    lock_key_for_circuit,
    require_group,
    set_state,
    start_delete,
)
from .peering_rules import check_peering, peering_type_for
from .peerings import require_ready_for_peering
from .render import render_circuit
from .stats import circuit_stats


def get(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    body = render_circuit(ctx.env, circuit, ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def list_in_group(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    return _list(ctx, ctx.store.list(CIRCUIT, ctx.subscription, ctx.params["rg"]))


def list_in_subscription(ctx: ArmContext) -> ArmResponse:
    return _list(ctx, ctx.store.list(CIRCUIT, ctx.subscription))


def _list(ctx: ArmContext, circuits: list[Resource]) -> ArmResponse:
    return ArmResponse(200, {"value": [render_circuit(ctx.env, c, ctx.api_version) for c in circuits]})


def put(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    resource_id = circuit_from_path(ctx)
    existing = ctx.store.get(resource_id)
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, lock_key_for_circuit(resource_id), "PutExpressRouteCircuitOperation")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body.get("properties") or {}
    location = body.get("location")
    if not location:
        raise bad_request("LocationRequired", "The location property is required for this definition.", "location")
    sku = _check_sku(body.get("sku"), existing)
    provider_props = _check_provider(ctx, props, existing)

    etag = new_etag()
    if existing is None:
        circuit = new_circuit(resource_id, ctx.params["circuit"], location, sku, provider_props, etag,
                              tags=body.get("tags"), allow_classic=bool(props.get("allowClassicOperations", False)))
        if ctx.settings.eventual_consistency_seconds > 0:
            circuit.meta["visible_at"] = ctx.now + ctx.settings.eventual_consistency_seconds
    else:
        circuit = existing
        circuit.body["etag"] = etag
        circuit.body["sku"] = sku
        circuit.body["tags"] = body.get("tags") or {}
        if not circuit.body["tags"]:
            circuit.body.pop("tags")
        circuit.properties["serviceProviderProperties"] = provider_props
        circuit.properties["allowClassicOperations"] = bool(props.get("allowClassicOperations", False))
        for flag in ("allowGlobalReach", "globalReachEnabled", "enableDirectPortRateLimit"):
            if flag in props:
                circuit.properties[flag] = bool(props[flag])
        set_state(circuit, "Updating")

    peerings = _plan_peerings(ctx, circuit, props.get("peerings") or [], etag)
    authorizations = _plan_authorizations(ctx, circuit, props.get("authorizations") or [], etag)

    ctx.store.save(circuit, ctx.now)
    touched = [circuit.id]
    for child_type, keep in ((PEERING, peerings), (CIRCUIT_AUTHORIZATION, authorizations)):
        kept = {r.key for r in keep}
        # PUT is the whole resource: children left out of the body are deleted.
        for old in ctx.store.children(circuit.id, child_type):
            if old.key not in kept:
                ctx.store.remove(old.id)
        for child in keep:
            ctx.store.save(child, ctx.now)
            touched.append(child.id)

    op = operations.start(
        ctx,
        provider="Microsoft.Network",
        location=circuit.body["location"],
        name="PutExpressRouteCircuitOperation",
        target_id=circuit.id,
        lock_key=lock_key_for_circuit(circuit.id),
        effect={"kind": "network.put", "ids": touched},
    )
    status = 201 if existing is None else 200
    return ArmResponse(status, render_circuit(ctx.env, circuit, ctx.api_version), operations.async_headers(ctx.env, op, location=False))


def _check_sku(sku: Any, existing: Resource | None) -> dict[str, Any]:
    if not isinstance(sku, dict) or not sku.get("tier") or not sku.get("family"):
        raise bad_request("InvalidSku", "The circuit SKU needs tier and family (and name '<tier>_<family>').", "sku")
    tier = next((t for t in SKU_TIERS if t.lower() == str(sku["tier"]).lower()), None)
    family = next((f for f in SKU_FAMILIES if f.lower() == str(sku["family"]).lower()), None)
    if tier is None:
        raise bad_request("InvalidSkuTier", f"SKU tier '{sku['tier']}' is invalid. Valid tiers: {', '.join(SKU_TIERS)}.", "sku.tier")
    if family is None:
        raise bad_request(
            "InvalidSkuFamily", f"SKU family '{sku['family']}' is invalid. Valid families: {', '.join(SKU_FAMILIES)}.", "sku.family"
        )
    name = f"{tier}_{family}"
    if sku.get("name") and str(sku["name"]).lower() != name.lower():
        raise bad_request("InvalidSkuName", f"SKU name '{sku['name']}' does not match tier and family ('{name}').", "sku.name")
    if existing is not None:
        old_family = existing.body.get("sku", {}).get("family")
        if old_family == "UnlimitedData" and family == "MeteredData":
            raise bad_request(
                "CannotChangeSkuFamilyFromUnlimitedToMetered",
                "The SKU family of a circuit cannot be changed from UnlimitedData to MeteredData.",
                "sku.family",
            )
    return {"name": name, "tier": tier, "family": family}


def _check_provider(ctx: ArmContext, props: dict[str, Any], existing: Resource | None) -> dict[str, Any]:
    spp = props.get("serviceProviderProperties")
    if not isinstance(spp, dict):
        raise bad_request(
            "ServiceProviderPropertiesRequired",
            "serviceProviderProperties (serviceProviderName, peeringLocation, bandwidthInMbps) are required.",
            "properties.serviceProviderProperties",
        )
    provider = ctx.world.service_provider(str(spp.get("serviceProviderName", "")))
    if provider is None:
        raise bad_request(
            "InvalidServiceProviderName",
            f"Service provider '{spp.get('serviceProviderName')}' is not an ExpressRoute service provider.",
            "properties.serviceProviderProperties.serviceProviderName",
        )
    location = next(
        (l for l in provider["peering_locations"] if l.lower() == str(spp.get("peeringLocation", "")).lower()), None
    )
    if location is None:
        raise bad_request(
            "InvalidPeeringLocation",
            f"Peering location '{spp.get('peeringLocation')}' is not offered by service provider '{provider['name']}'.",
            "properties.serviceProviderProperties.peeringLocation",
        )
    bandwidth = spp.get("bandwidthInMbps")
    if bandwidth not in provider["bandwidths_mbps"]:
        raise bad_request(
            "InvalidBandwidth",
            f"Bandwidth {bandwidth} Mbps is not offered by '{provider['name']}'. Offered: {provider['bandwidths_mbps']}.",
            "properties.serviceProviderProperties.bandwidthInMbps",
        )
    if existing is not None:
        old = existing.properties["serviceProviderProperties"]
        if old["serviceProviderName"].lower() != str(spp["serviceProviderName"]).lower() or old["peeringLocation"].lower() != location.lower():
            raise bad_request(
                "CannotChangeServiceProviderOrPeeringLocation",
                "The service provider and peering location of an existing circuit cannot be changed.",
                "properties.serviceProviderProperties",
            )
        if bandwidth < old["bandwidthInMbps"]:
            raise bad_request(
                "CircuitBandwidthDecreaseNotAllowed",
                f"Circuit bandwidth cannot be decreased (from {old['bandwidthInMbps']} to {bandwidth} Mbps).",
                "properties.serviceProviderProperties.bandwidthInMbps",
            )
    # Echo the names the client sent: the service keeps the provider's spelling as given.
    return {"serviceProviderName": spp["serviceProviderName"], "peeringLocation": spp["peeringLocation"], "bandwidthInMbps": bandwidth}


def _plan_peerings(ctx: ArmContext, circuit: Resource, inline: list[Any], etag: str) -> list[Resource]:
    planned: list[Resource] = []
    for index, item in enumerate(inline):
        if not isinstance(item, dict) or not item.get("name"):
            raise bad_request("InvalidRequestFormat", "Each inline peering needs a name.", f"properties.peerings[{index}]")
        props = item.get("properties") or {}
        peering_type = peering_type_for(item["name"], props)
        if any(p.body["name"].lower() == peering_type.lower() for p in planned):
            raise bad_request("DuplicatePeering", f"Peering {peering_type} appears twice.", f"properties.peerings[{index}]")
        previous = ctx.store.get(f"{circuit.id}/peerings/{peering_type}")
        if previous is None:
            require_ready_for_peering(circuit, peering_type)
        check_peering(peering_type, props, other_peerings=[p.body for p in planned])
        # Inline connections inside peerings are ignored by circuit PUTs (reported, unverified).
        planned.append(peering_body(circuit.id, peering_type, peering_type, props, etag, previous))
    return planned


def _plan_authorizations(ctx: ArmContext, circuit: Resource, inline: list[Any], etag: str) -> list[Resource]:
    planned: list[Resource] = []
    for index, item in enumerate(inline):
        if not isinstance(item, dict) or not item.get("name"):
            raise bad_request("InvalidRequestFormat", "Each inline authorization needs a name.", f"properties.authorizations[{index}]")
        previous = ctx.store.get(f"{circuit.id}/authorizations/{item['name']}")
        auth = previous or new_authorization(circuit.id, item["name"], etag)
        auth.body["etag"] = etag
        planned.append(auth)
    return planned


def patch_tags(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    check_preconditions(ctx, circuit)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "UpdateExpressRouteCircuitTagsOperation")
    tags = (ctx.body or {}).get("tags") if isinstance(ctx.body, dict) else None
    if not isinstance(tags, dict):
        raise bad_request("InvalidRequestFormat", "The request body must be {\"tags\": {...}}.", "tags")
    circuit.body["tags"] = {str(k): str(v) for k, v in tags.items()}
    circuit.body["etag"] = new_etag()
    ctx.store.save(circuit, ctx.now)
    body = render_circuit(ctx.env, circuit, ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def delete(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    circuit = ctx.store.get(circuit_from_path(ctx))
    if circuit is None:
        return ArmResponse(204)
    check_preconditions(ctx, circuit)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "DeleteExpressRouteCircuitOperation")
    _check_deletable(ctx, circuit)
    return start_delete(ctx, circuit, circuit, "DeleteExpressRouteCircuitOperation")


def _check_deletable(ctx: ArmContext, circuit: Resource) -> None:
    """Global Reach and consumed authorizations must be removed before the circuit."""
    for peering in ctx.store.children(circuit.id, PEERING):
        own = ctx.store.children(peering.id, CIRCUIT_CONNECTION)
        peered = [c for c in ctx.store.list(CIRCUIT_CONNECTION)
                  if c.properties.get("peerExpressRouteCircuitPeering", {}).get("id", "").lower() == peering.key]
        if own or peered:
            raise bad_request(
                "CircuitHasGlobalReachConnections",
                f"ExpressRoute circuit {circuit.id} cannot be deleted because peering {peering.body['name']} still has "
                f"Global Reach connections ({', '.join(c.id for c in own + peered)}). Remove them first.",
            )
    from .gateway_connections import refuse_circuit_delete  # VNet connections go first too

    refuse_circuit_delete(ctx.env, circuit)
    in_use = [a.id for a in ctx.store.children(circuit.id, CIRCUIT_AUTHORIZATION)
              if a.properties.get("authorizationUseStatus") == "InUse"]
    if in_use:
        raise bad_request(
            "CircuitHasAuthorizationsInUse",
            f"ExpressRoute circuit {circuit.id} cannot be deleted because authorizations are in use: {', '.join(in_use)}.",
        )


def stats(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    return ArmResponse(200, circuit_stats(ctx.env, circuit))

