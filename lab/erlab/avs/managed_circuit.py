"""The ExpressRoute circuit AVS builds for each private cloud.

It lives in a Microsoft-managed subscription the customer cannot read; the
private cloud's read-only `circuit` block points at it. Address layout follows
the AVS network planning docs for a /22: management /26 at .0, HCX /26 at .64,
Global Reach reserved /26 at .128, ExpressRoute peering /27 at .224.
"""

from __future__ import annotations

import hashlib
import ipaddress

from ..arm.context import Env
from ..clock import new_etag
from ..ids import circuit_id
from ..network.builders import finish_circuit, finish_peering, new_circuit, peering_body
from ..store import Resource


def block_layout(network_block: str) -> dict[str, str]:
    base = ipaddress.ip_network(network_block).network_address
    net = lambda offset, length: str(ipaddress.ip_network(f"{base + offset}/{length}"))  # noqa: E731
    return {
        "management": net(0, 26),
        "hcx": net(64, 26),
        "global_reach": net(128, 26),
        "primary_subnet": net(224, 30),
        "secondary_subnet": net(228, 30),
        "managementNetwork": net(0, 24),
        "provisioningNetwork": net(256, 25),
        "vmotionNetwork": net(384, 25),
        "vcenter_ip": str(base + 2),
        "nsxt_ip": str(base + 3),
        "hcx_ip": str(base + 9),
    }


def tenant_group(cloud: Resource) -> str:
    digest = hashlib.sha1(cloud.key.encode()).hexdigest()
    guid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    return f"tnt{int(digest[32:34], 16) % 90 + 10}-{guid}-{cloud.body['location']}"


def build(env: Env, cloud: Resource) -> tuple[Resource, Resource]:
    """Create (or return) the managed circuit and its private peering for a cloud."""
    managed_sub = env.world.data["avs"]["managed_subscription"]["id"]
    group = tenant_group(cloud)
    cid = circuit_id(managed_sub, group, f"{group}-xconnect")
    existing = env.store.get(cid)
    peering_id = f"{cid}/peerings/AzurePrivatePeering"
    if existing is not None:
        return existing, env.store.get(peering_id)
    layout = block_layout(cloud.properties["networkBlock"])
    etag = new_etag()
    circuit = new_circuit(
        cid, f"{group}-xconnect", cloud.body["location"],
        {"name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData"},
        {"serviceProviderName": "Microsoft AVS", "peeringLocation": cloud.body["location"], "bandwidthInMbps": 10000},
        etag,
    )
    circuit.meta.update({"service_provider_provisioning_state": "Provisioned", "avs_private_cloud": cloud.id})
    finish_circuit(circuit)
    circuit.properties["provisioningState"] = "Succeeded"
    peering = peering_body(cid, "AzurePrivatePeering", "AzurePrivatePeering", {
        "peerASN": env.world.avs_asn,
        "primaryPeerAddressPrefix": layout["primary_subnet"],
        "secondaryPeerAddressPrefix": layout["secondary_subnet"],
        "vlanId": 100,
    }, etag, None)
    finish_peering(peering, circuit, [], env.now)
    peering.properties["provisioningState"] = "Succeeded"
    env.store.save(circuit, env.now)
    env.store.save(peering, env.now)
    return circuit, peering


def lowercase_type_id(resource_id: str) -> str:
    """AVS answers circuit ids with 'expressroutecircuits' in lower case."""
    return resource_id.replace("/expressRouteCircuits/", "/expressroutecircuits/")
