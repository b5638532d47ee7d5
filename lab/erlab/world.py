"""The world: who exists, what they may touch, and what is already deployed.

A world file (YAML, or the same structure as JSON through the admin API)
describes tenants, subscriptions with their resource groups, service
principals and the subscriptions granted to them, ExpressRoute circuits in any
provider state, AVS private clouds, and the prefixes each customer edge
advertises. `seed.py` turns it into resources.
"""

from __future__ import annotations

import copy
import functools
import ipaddress
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import yaml

DEFAULT_AVS_ASN = 398656  # assumption: the ASN AVS routes carry behind 12076 (configurable per world)

DEFAULT_SERVICE_PROVIDERS = [
    {
        "name": "Equinix",
        "peering_locations": [
            "Amsterdam", "Amsterdam2", "Chicago", "Dallas", "Frankfurt", "London", "Los Angeles",
            "New York", "Silicon Valley", "Singapore", "Sydney", "Tokyo", "Washington DC",
        ],
        "bandwidths_mbps": [50, 100, 200, 500, 1000, 2000, 5000, 10000],
    },
    {
        "name": "Megaport",
        "peering_locations": ["Amsterdam", "Chicago", "Dallas", "London", "Silicon Valley", "Sydney"],
        "bandwidths_mbps": [50, 100, 200, 500, 1000, 2000, 5000, 10000],
    },
]


class WorldError(ValueError):
    """A world file that does not make sense (names the offending path)."""


@dataclass
class World:
    data: dict[str, Any]

    # -- lookups -------------------------------------------------------
    @property
    def tenants(self) -> list[dict[str, Any]]:
        return self.data["tenants"]

    @property
    def default_tenant(self) -> str:
        return self.tenants[0]["id"]

    def tenant_exists(self, tenant: str) -> bool:
        wanted = tenant.lower()
        return any(wanted in (t["id"].lower(), str(t.get("domain", "")).lower()) for t in self.tenants) or wanted in (
            "common",
            "organizations",
        )

    def principal(self, client_id: str) -> dict[str, Any] | None:
        for sp in self.data["service_principals"]:
            if sp["client_id"].lower() == client_id.lower():
                return sp
        return None

    def subscription(self, subscription_id: str) -> dict[str, Any] | None:
        for sub in self.all_subscriptions():
            if sub["id"].lower() == subscription_id.lower():
                return sub
        return None

    def all_subscriptions(self) -> list[dict[str, Any]]:
        managed = self.data["avs"]["managed_subscription"]
        return self.data["subscriptions"] + [managed]

    def may_access(self, client_id: str, subscription_id: str) -> bool:
        sp = self.principal(client_id)
        return bool(sp) and subscription_id.lower() in {s.lower() for s in sp["subscriptions"]}

    def resource_group(self, subscription_id: str, name: str) -> dict[str, Any] | None:
        sub = self.subscription(subscription_id)
        for group in (sub or {}).get("resource_groups", []):
            if group["name"].lower() == name.lower():
                return group
        return None

    def registered(self, subscription_id: str, namespace: str) -> bool:
        sub = self.subscription(subscription_id) or {}
        return namespace.lower() in {p.lower() for p in sub.get("registered_providers", [])}

    def register(self, subscription_id: str, namespace: str) -> None:
        sub = self.subscription(subscription_id)
        if sub is not None and not self.registered(subscription_id, namespace):
            sub.setdefault("registered_providers", []).append(namespace)

    def service_provider(self, name: str) -> dict[str, Any] | None:
        for provider in self.data["service_providers"]:
            if provider["name"].lower() == str(name).lower():
                return provider
        return None

    def advertised_routes(self, circuit_id: str, peering: str) -> list[str]:
        """Prefixes the customer edge of a circuit advertises on one peering."""
        for circuit in self.data["circuits"]:
            if circuit.get("_id", "").lower() == circuit_id.lower():
                routes = circuit.get("advertised_routes", {})
                for name, prefixes in routes.items():
                    if name.lower() == peering.lower():
                        return list(prefixes)
        return []

    def workload_prefixes(self, private_cloud_id: str) -> list[str]:
        for cloud in self.data["private_clouds"]:
            if cloud.get("_id", "").lower() == private_cloud_id.lower():
                return list(cloud.get("workload_prefixes", []))
        return []

    @property
    def avs_asn(self) -> int:
        return int(self.data["avs"].get("asn", DEFAULT_AVS_ASN))

    def registered_public_prefixes(self, subscription_id: str) -> list[str]:
        sub = self.subscription(subscription_id) or {}
        return list(sub.get("registered_public_prefixes", []))


def load_world_file(path: str | Path | None) -> dict[str, Any]:
    """A world document (a fresh copy the caller may change); None means the packaged default world."""
    if path is None:
        return copy.deepcopy(_default_world())
    return _parse(Path(path).read_text())


@functools.lru_cache(maxsize=1)
def _default_world() -> dict[str, Any]:
    # Parsed once per process: every reset to the default world needs it.
    return _parse(package_files.files("erlab").joinpath("worlds/default.yml").read_text())


def _parse(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise WorldError("a world file must be a mapping at the top level")
    return data


def normalise(raw: dict[str, Any]) -> World:
    """Fill defaults and check references; raise WorldError naming the path."""
    data = copy.deepcopy(raw)
    for key in ("tenants", "subscriptions", "service_principals"):
        if not data.get(key):
            raise WorldError(f"{key}: at least one entry is required")
    data.setdefault("circuits", [])
    data.setdefault("private_clouds", [])
    data.setdefault("virtual_networks", [])
    data.setdefault("service_providers", copy.deepcopy(DEFAULT_SERVICE_PROVIDERS))
    avs = data.setdefault("avs", {})
    managed = avs.setdefault("managed_subscription", {})
    if isinstance(managed, str):
        managed = avs["managed_subscription"] = {"id": managed}
    managed.setdefault("id", "a3c1e8f4-0d2b-4e6a-9f7c-5b8d1e3a6c90")
    managed.setdefault("name", "Microsoft AVS managed (not customer readable)")
    managed.setdefault("tenant", "f8cdef31-a31e-4b4a-93e4-5f571e91255a")
    managed.setdefault("resource_groups", [])
    avs.setdefault("asn", DEFAULT_AVS_ASN)

    tenant_ids = {t["id"].lower() for t in data["tenants"]}
    for i, sub in enumerate(data["subscriptions"] + [managed]):
        where = f"subscriptions[{i}]"
        if "id" not in sub:
            raise WorldError(f"{where}.id is required")
        sub.setdefault("name", sub["id"])
        sub.setdefault("tenant", data["tenants"][0]["id"])
        sub.setdefault("registered_providers", ["Microsoft.Network", "Microsoft.AVS"])
        sub.setdefault("resource_groups", [])
        for g, group in enumerate(sub["resource_groups"]):
            if isinstance(group, str):
                sub["resource_groups"][g] = {"name": group, "location": "westus"}
        if sub is not managed and sub["tenant"].lower() not in tenant_ids:
            raise WorldError(f"{where}.tenant {sub['tenant']!r} is not one of tenants[].id")
    known_subs = {s["id"].lower() for s in data["subscriptions"]}
    for i, sp in enumerate(data["service_principals"]):
        for key in ("client_id", "secret"):
            if key not in sp:
                raise WorldError(f"service_principals[{i}].{key} is required")
        sp.setdefault("tenant", data["tenants"][0]["id"])
        sp.setdefault("object_id", sp["client_id"])
        sp.setdefault("display_name", f"sp-{sp['client_id'][:8]}")
        sp.setdefault("subscriptions", [s["id"] for s in data["subscriptions"]])
        for sub_id in sp["subscriptions"]:
            if sub_id.lower() not in known_subs:
                raise WorldError(f"service_principals[{i}].subscriptions: {sub_id!r} is not a customer subscription")
    first_sub = data["subscriptions"][0]["id"]
    for i, circuit in enumerate(data["circuits"]):
        where = f"circuits[{i}]"
        for key in ("name", "resource_group"):
            if key not in circuit:
                raise WorldError(f"{where}.{key} is required")
        circuit.setdefault("subscription", first_sub)
        _require_group(data, circuit, where)
        for peering, prefixes in circuit.get("advertised_routes", {}).items():
            for j, prefix in enumerate(prefixes):
                _require_network(prefix, f"{where}.advertised_routes.{peering}[{j}]")
    _normalise_virtual_networks(data, first_sub)
    for i, cloud in enumerate(data["private_clouds"]):
        where = f"private_clouds[{i}]"
        for key in ("name", "resource_group", "network_block"):
            if key not in cloud:
                raise WorldError(f"{where}.{key} is required")
        cloud.setdefault("subscription", first_sub)
        _require_group(data, cloud, where)
        block = _require_network(cloud["network_block"], f"{where}.network_block")
        if block.prefixlen != 22:
            raise WorldError(f"{where}.network_block must be a /22, got {cloud['network_block']}")
        for j, prefix in enumerate(cloud.get("workload_prefixes", [])):
            _require_network(prefix, f"{where}.workload_prefixes[{j}]")
        if cloud.get("virtual_network"):
            _attach_generation2(data, cloud, block, where)
    return World(data)


def _normalise_virtual_networks(data: dict[str, Any], first_sub: str) -> None:
    """virtual_networks[]: name, resource_group, address_space [...], subnets [{name, address_prefix}]."""
    for i, vnet in enumerate(data["virtual_networks"]):
        where = f"virtual_networks[{i}]"
        for key in ("name", "resource_group", "address_space"):
            if key not in vnet:
                raise WorldError(f"{where}.{key} is required")
        vnet.setdefault("subscription", first_sub)
        _require_group(data, vnet, where)
        if isinstance(vnet["address_space"], str):
            vnet["address_space"] = [vnet["address_space"]]
        spaces = [_require_network(p, f"{where}.address_space[{j}]") for j, p in enumerate(vnet["address_space"])]
        vnet.setdefault("subnets", [])
        taken: list[Any] = []
        for j, subnet in enumerate(vnet["subnets"]):
            if not isinstance(subnet, dict) or "name" not in subnet or "address_prefix" not in subnet:
                raise WorldError(f"{where}.subnets[{j}] needs name and address_prefix")
            net = _require_network(subnet["address_prefix"], f"{where}.subnets[{j}].address_prefix")
            if not any(net.version == s.version and net.subnet_of(s) for s in spaces):
                raise WorldError(f"{where}.subnets[{j}].address_prefix {net} is outside the address space")
            if any(net.overlaps(t) for t in taken if t.version == net.version):
                raise WorldError(f"{where}.subnets[{j}].address_prefix {net} overlaps another subnet")
            taken.append(net)


def _attach_generation2(data: dict[str, Any], cloud: dict[str, Any], block: Any, where: str) -> None:
    """A Generation 2 cloud names its VNet (same subscription; resource group defaults to the cloud's)."""
    ref = cloud["virtual_network"]
    if isinstance(ref, str):
        ref = cloud["virtual_network"] = {"name": ref}
    ref.setdefault("resource_group", cloud["resource_group"])
    vnet = next((v for v in data["virtual_networks"] if v["name"].lower() == str(ref.get("name", "")).lower()
                 and v["resource_group"].lower() == ref["resource_group"].lower()
                 and v["subscription"].lower() == cloud["subscription"].lower()), None)
    if vnet is None:
        raise WorldError(f"{where}.virtual_network {ref.get('name')!r} is not one of virtual_networks[] "
                         f"(resource group {ref['resource_group']}, subscription {cloud['subscription']})")
    cloud.setdefault("sku", "AV64")
    if cloud["sku"] != "AV64":
        raise WorldError(f"{where}.sku must be AV64 for a Generation 2 private cloud (one with virtual_network), got {cloud['sku']}")
    spaces = [ipaddress.ip_network(p) for p in vnet["address_space"]]
    if not any(block.version == s.version and block.subnet_of(s) for s in spaces):
        raise WorldError(f"{where}.network_block {block} must lie inside virtual network {vnet['name']}'s address space")
    for subnet in vnet["subnets"]:
        if ipaddress.ip_network(subnet["address_prefix"]).overlaps(block):
            raise WorldError(f"{where}.network_block {block} overlaps subnet {subnet['name']} of {vnet['name']}")


def _require_group(data: dict[str, Any], item: dict[str, Any], where: str) -> None:
    for sub in data["subscriptions"]:
        if sub["id"].lower() == item["subscription"].lower():
            if not any(g["name"].lower() == item["resource_group"].lower() for g in sub["resource_groups"]):
                raise WorldError(f"{where}.resource_group {item['resource_group']!r} is not in subscription {sub['id']}")
            return
    raise WorldError(f"{where}.subscription {item['subscription']!r} is not in subscriptions[]")


def _require_network(value: str, where: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise WorldError(f"{where}: {value!r} is not a network prefix") from None
