"""Turning a world document into stored resources (used at first start and by reset)."""

from __future__ import annotations

from typing import Any

from .arm.context import Env
from .avs.private_clouds import finish_cloud, new_cloud
from .clock import new_etag
from .ids import circuit_id, private_cloud_id
from .network.builders import finish_circuit, finish_peering, new_authorization, new_circuit, peering_body
from .network.peering_rules import check_peering, peering_type_for
from .network.virtual_networks import new_subnet, new_vnet
from .errors import ArmError
from .settings import load_settings
from .store import Store
from .world import World, WorldError, normalise

SKU_BY_NAME = {
    f"{tier}_{family}": {"name": f"{tier}_{family}", "tier": tier, "family": family}
    for tier in ("Standard", "Premium", "Basic", "Local", "MultiCloud")
    for family in ("MeteredData", "UnlimitedData")
}


def seed(store: Store, raw_world: dict[str, Any], now: float) -> World:
    world = normalise(raw_world)
    store.wipe()
    for index, spec in enumerate(world.data["circuits"]):
        _seed_circuit(store, world, spec, f"circuits[{index}]", now)
    vnet_ids = seed_virtual_networks(store, world, now)
    store.set_kv("world", world.data)  # routes lookups need circuit ids before clouds are built
    env = Env(store=store, world=world, settings=load_settings(store), now=now, base_url="")
    for spec in world.data["private_clouds"]:
        group = world.resource_group(spec["subscription"], spec["resource_group"])["name"]
        cloud_id = private_cloud_id(spec["subscription"], group, spec["name"])
        spec["_id"] = cloud_id
        props = {"networkBlock": spec["network_block"], "managementCluster": {"clusterSize": spec.get("cluster_size", 3)}}
        if spec.get("virtual_network"):
            ref = spec["virtual_network"]
            props["virtualNetworkId"] = vnet_ids[(spec["subscription"].lower(), ref["resource_group"].lower(), ref["name"].lower())]
        cloud = new_cloud(cloud_id, spec["name"], spec.get("location", "westus"), {"name": spec.get("sku", "AV36P")},
                          props, spec.get("tags"), None)
        finish_cloud(env, cloud)
        store.save(cloud, now)
    store.set_kv("world", world.data)
    return world


def seed_virtual_networks(store: Store, world: World, now: float) -> dict[tuple[str, str, str], str]:
    """virtual_networks[] of the world as Succeeded VNets with their subnets; returns their ids by (sub, rg, name)."""
    ids = {}
    for spec in world.data["virtual_networks"]:
        group = world.resource_group(spec["subscription"], spec["resource_group"])
        vnet_id = f"/subscriptions/{spec['subscription']}/resourceGroups/{group['name']}/providers/Microsoft.Network/virtualNetworks/{spec['name']}"
        spec["_id"] = vnet_id
        etag = new_etag()
        vnet = new_vnet(vnet_id, spec["name"], spec.get("location", group.get("location", "westus")), spec["address_space"], etag,
                        spec.get("tags"))
        vnet.properties["provisioningState"] = "Succeeded"
        store.save(vnet, now)
        for subnet_spec in spec["subnets"]:
            subnet = new_subnet(vnet_id, subnet_spec["name"], subnet_spec["address_prefix"], etag)
            subnet.properties["provisioningState"] = "Succeeded"
            store.save(subnet, now)
        ids[(spec["subscription"].lower(), spec["resource_group"].lower(), spec["name"].lower())] = vnet_id
    return ids


def _seed_circuit(store: Store, world: World, spec: dict[str, Any], where: str, now: float) -> None:
    group = world.resource_group(spec["subscription"], spec["resource_group"])["name"]
    cid = circuit_id(spec["subscription"], group, spec["name"])
    spec["_id"] = cid
    sku = SKU_BY_NAME.get(spec.get("sku", "Standard_MeteredData"))
    if sku is None:
        raise WorldError(f"{where}.sku {spec.get('sku')!r} is not <Tier>_<Family>")
    etag = new_etag()
    circuit = new_circuit(
        cid, spec["name"], spec.get("location", "westus"), sku,
        {"serviceProviderName": spec.get("provider", "Equinix"), "peeringLocation": spec.get("peering_location", "Silicon Valley"),
         "bandwidthInMbps": spec.get("bandwidth_mbps", 1000)},
        etag, tags=spec.get("tags"),
    )
    circuit.meta["service_provider_provisioning_state"] = spec.get("service_provider_provisioning_state", "NotProvisioned")
    circuit.meta["circuit_provisioning_state"] = spec.get("circuit_provisioning_state", "Enabled")
    finish_circuit(circuit)
    circuit.properties["provisioningState"] = "Succeeded"
    store.save(circuit, now)
    siblings: list[dict[str, Any]] = []
    for p_index, peering_spec in enumerate(spec.get("peerings", [])):
        props = {k: v for k, v in peering_spec.items() if k != "name"}
        try:
            peering_type = peering_type_for(peering_spec["name"], props)
            check_peering(peering_type, props, other_peerings=siblings)
        except ArmError as error:
            raise WorldError(f"{where}.peerings[{p_index}]: {error.message}") from None
        peering = peering_body(cid, peering_type, peering_type, props, etag, None)
        finish_peering(peering, circuit, world.registered_public_prefixes(spec["subscription"]), now)
        peering.properties["provisioningState"] = "Succeeded"
        store.save(peering, now)
        siblings.append(peering.body)
    for auth_spec in spec.get("authorizations", []):
        name = auth_spec if isinstance(auth_spec, str) else auth_spec["name"]
        auth = new_authorization(cid, name, etag)
        auth.properties["provisioningState"] = "Succeeded"
        if isinstance(auth_spec, dict) and auth_spec.get("key"):
            auth.properties["authorizationKey"] = auth_spec["key"]
        store.save(auth, now)
