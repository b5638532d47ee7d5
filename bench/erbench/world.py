"""Fleet worlds for the lab: N sites, two private clouds per on-premises circuit.

Two sites share each circuit so the playbook's per-circuit serialisation is
exercised (both Global Reach connections and authorizations land on one
circuit), while different circuits proceed in parallel.
"""

from __future__ import annotations

import copy
import ipaddress
from importlib import resources
from typing import Any

import yaml

SITES_PER_CIRCUIT = 2
LOCATIONS = [("westus", "Silicon Valley"), ("westeurope", "Amsterdam"), ("eastus", "Washington DC"),
             ("northcentralus", "Chicago"), ("uksouth", "London"), ("japaneast", "Tokyo")]
ONPREM_BASE = ipaddress.ip_network("10.0.0.0/16")        # /24 per circuit, announced by the customer edge
PEERING_BASE = ipaddress.ip_network("10.127.0.0/16")     # a /29 (two /30s) per circuit's private peering
CLOUD_BASE = ipaddress.ip_network("10.128.0.0/9")        # a /22 per private cloud
WORKLOAD_BASE = ipaddress.ip_network("172.16.0.0/12")    # a /24 NSX segment per private cloud
NETWORK_RG = "rg-onprem-network"
AVS_RG = "rg-avs-prod"


def default_world() -> dict[str, Any]:
    return yaml.safe_load(resources.files("erlab").joinpath("worlds/default.yml").read_text())


def _nth(base: ipaddress.IPv4Network, prefix: int, index: int) -> ipaddress.IPv4Network:
    size = 2 ** (32 - prefix)
    return ipaddress.ip_network(f"{base.network_address + index * size}/{prefix}")


def fleet(sites: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(world, sites) for `sites` sites on ceil(sites / 2) circuits."""
    world = default_world()
    circuits = (sites + SITES_PER_CIRCUIT - 1) // SITES_PER_CIRCUIT
    world["circuits"] = []
    world["private_clouds"] = []
    plan = []
    for c in range(circuits):
        location, peering_location = LOCATIONS[c % len(LOCATIONS)]
        onprem = str(_nth(ONPREM_BASE, 24, c))
        world["circuits"].append({
            "name": f"er-fleet-{c:03d}", "resource_group": NETWORK_RG, "location": location,
            "sku": "Standard_MeteredData", "provider": "Equinix", "peering_location": peering_location,
            "bandwidth_mbps": 1000, "service_provider_provisioning_state": "Provisioned",
            "circuit_provisioning_state": "Enabled", "advertised_routes": {"AzurePrivatePeering": [onprem]},
        })
    for index in range(sites):
        c = index // SITES_PER_CIRCUIT
        location = LOCATIONS[c % len(LOCATIONS)][0]
        workload = str(_nth(WORKLOAD_BASE, 24, index))
        world["private_clouds"].append({
            "name": f"avs-fleet-{index:03d}", "resource_group": AVS_RG, "location": location, "sku": "AV36P",
            "network_block": str(_nth(CLOUD_BASE, 22, index)), "workload_prefixes": [workload],
        })
        link = _nth(PEERING_BASE, 29, c)
        primary, secondary = list(link.subnets(new_prefix=30))
        plan.append({
            "name": f"site-{index:03d}",
            "circuit": {"resource_group": NETWORK_RG, "name": f"er-fleet-{c:03d}"},
            "private_peering": {"vlan_id": 100, "peer_asn": 65010, "primary_peer_address_prefix": str(primary),
                                "secondary_peer_address_prefix": str(secondary)},
            "private_cloud": {"resource_group": AVS_RG, "name": f"avs-fleet-{index:03d}"},
            "workload_prefixes": [workload],
            "onprem_prefixes": [str(_nth(ONPREM_BASE, 24, c))],
        })
    return world, plan


def example_sites(repo) -> list[dict[str, Any]]:
    """The sites of playbooks/vars/example_sites.yml (the default world's two sites)."""
    return copy.deepcopy(yaml.safe_load((repo / "playbooks" / "vars" / "example_sites.yml").read_text())["sites"])
