"""What finishing a Microsoft.AVS operation does.

Global Reach from AVS is modelled as a circuit connection on the AVS-managed
circuit's private peering towards the customer's circuit, so route tables
and peeredConnections on the customer's side come out of the same code as
circuit-to-circuit Global Reach.
"""

from __future__ import annotations

from ..arm import operations
from ..arm.context import Env
from ..clock import new_etag, new_guid
from ..errors import error_object
from ..ids import AVS_AUTHORIZATION, GLOBAL_REACH, PRIVATE_CLOUD, child_id, parse_circuit_ref
from ..network.addresses import parse_network
from ..network import linkstate
from ..network.builders import connection_body, new_authorization
from ..network.common import is_ready
from ..network.completions import release_authorization
from ..network.connection_rules import connection_joining, connections_touching, find_authorization, overlapping
from ..store import Resource
from .managed_circuit import build, lowercase_type_id
from .generation2 import release as release_gen2_subnets
from .private_clouds import finish_cloud


def _mark(env: Env, op: operations.Operation) -> None:
    state = "Canceled" if op.outcome == "Canceled" else "Failed"
    for resource_id in op.effect["ids"]:
        resource = env.store.get(resource_id)
        if resource is not None:
            resource.properties["provisioningState"] = state
            if resource.type == GLOBAL_REACH:
                resource.properties["circuitConnectionStatus"] = "Disconnected"
                linkstate.forget(resource)
            env.store.save(resource, env.now)


@operations.completion("avs.put_cloud", on_failure=_mark)
def _finish_cloud(env: Env, op: operations.Operation):
    cloud = env.store.get(op.target_id)
    if cloud is not None:
        finish_cloud(env, cloud)
        env.store.save(cloud, env.now)
    return None


@operations.completion("avs.put_authorization", on_failure=_mark)
def _finish_authorization(env: Env, op: operations.Operation):
    auth = env.store.get(op.target_id)
    cloud = env.store.get(auth.parent_key) if auth else None
    if auth is None or cloud is None:
        return None
    circuit, _ = build(env, cloud)
    network_auth_id = child_id(circuit.id, "authorizations", auth.body["name"])
    network_auth = env.store.get(network_auth_id)
    if network_auth is None:
        network_auth = new_authorization(circuit.id, auth.body["name"], new_etag())
        network_auth.properties["provisioningState"] = "Succeeded"
        env.store.save(network_auth, env.now)
    auth.body["properties"] = {
        "provisioningState": "Succeeded",
        "expressRouteAuthorizationId": lowercase_type_id(network_auth.id),
        "expressRouteAuthorizationKey": network_auth.properties["authorizationKey"],
        "expressRouteId": lowercase_type_id(circuit.id),
    }
    env.store.save(auth, env.now)
    return None


def _failure(code: str, message: str) -> dict:
    return error_object(code, message)


@operations.completion("avs.put_global_reach", on_failure=_mark)
def _finish_global_reach(env: Env, op: operations.Operation):
    conn = env.store.get(op.target_id)
    cloud = env.store.get(op.effect["cloud"])
    if conn is None or cloud is None:
        return None
    props = conn.properties
    if conn.meta.get("network_connection") and env.store.get(conn.meta["network_connection"]):
        # A repeated PUT of a working connection: the link stays as it is.
        props["provisioningState"] = "Succeeded"
        env.store.save(conn, env.now)
        return None
    ref = parse_circuit_ref(props["peerExpressRouteCircuit"])
    peer = env.store.get(ref.circuit_id) if ref else None
    if peer is None:
        return _failure("ExpressRouteCircuitNotFound",
                        f"ExpressRoute circuit {props['peerExpressRouteCircuit']} was not found.")
    auth = find_authorization(env, peer.id, props["authorizationKey"])
    if auth is None:
        return _failure("InvalidAuthorizationKey",
                        "The authorization key is not valid for the peer circuit: it is unknown or was revoked. "
                        "Create the authorization on the on-premises circuit, not on the private cloud's circuit.")
    if auth.properties.get("authorizationUseStatus") == "InUse":
        return _failure("AuthorizationKeyAlreadyInUse",
                        f"Authorization {auth.body['name']} is already in use; a key serves exactly one connection.")
    if not is_ready(peer):
        return _failure("PeerCircuitNotProvisioned",
                        f"Put Global Reach Connection Peer Circuit Subscription = {peer.id.split('/')[2]}, ServiceKey = "
                        f"{peer.properties.get('serviceKey')} is Not Provisioned. Current Status "
                        f"{peer.properties.get('serviceProviderProvisioningState')}")
    peer_peering = env.store.get(f"{peer.id}/peerings/AzurePrivatePeering")
    if peer_peering is None or peer_peering.properties.get("provisioningState") != "Succeeded":
        return _failure("PrivatePeeringNotConfigured",
                        f"ExpressRoute circuit {peer.id} has no provisioned AzurePrivatePeering.")
    avs_circuit, avs_peering = build(env, cloud)
    existing = connection_joining(env, avs_peering.key, peer_peering.key)
    if existing is not None:
        return _failure("GlobalReachConnectionAlreadyExists",
                        f"The private cloud is already connected to {peer.id} by {existing.id}.")
    prefix = parse_network(props["addressPrefix"])
    other = overlapping(prefix, [peer_peering.properties.get("primaryPeerAddressPrefix"),
                                 peer_peering.properties.get("secondaryPeerAddressPrefix")]
                        + [c.properties.get("addressPrefix") for c in connections_touching(env, peer_peering.key)])
    if other is not None:
        return _failure("GlobalReachAddressPrefixOverlaps", f"Address prefix {prefix} overlaps {other} on circuit {peer.id}.")

    network_conn = connection_body(avs_peering.id, conn.body["name"], {
        "expressRouteCircuitPeering": {"id": avs_peering.id},
        "peerExpressRouteCircuitPeering": {"id": peer_peering.id},
        "addressPrefix": props["addressPrefix"],
        "authorizationKey": props["authorizationKey"],
    }, new_etag())
    # Provisioned now; the link comes up connect_seconds later on both resources.
    up_at = op.finishes_at + linkstate.connect_seconds(env, op.effect)
    network_conn.properties["provisioningState"] = "Succeeded"
    linkstate.comes_up(network_conn, up_at)
    network_conn.meta.update({"authorization_id": auth.id, "avs_global_reach": conn.id,
                              "auth_resource_guid": auth.meta.setdefault("resource_guid", new_guid())})
    env.store.save(network_conn, env.now)
    auth.properties["authorizationUseStatus"] = "InUse"
    auth.properties["connectionResourceUri"] = conn.id
    env.store.save(auth, env.now)
    conn.meta["network_connection"] = network_conn.id
    props.update(provisioningState="Succeeded", expressRouteId=lowercase_type_id(avs_circuit.id))
    linkstate.comes_up(conn, up_at)
    env.store.save(conn, env.now)
    return None


@operations.completion("avs.delete", on_failure=_mark)
def _finish_delete(env: Env, op: operations.Operation):
    for resource_id in op.effect["ids"]:
        resource = env.store.get(resource_id)
        if resource is None:
            continue
        if resource.type == GLOBAL_REACH:
            _drop_network_connection(env, resource)
        elif resource.type == AVS_AUTHORIZATION:
            network_auth = resource.properties.get("expressRouteAuthorizationId")
            if network_auth:
                env.store.remove(network_auth)
        elif resource.type == PRIVATE_CLOUD:
            for conn in env.store.children(resource.id, GLOBAL_REACH):
                _drop_network_connection(env, conn)
            release_gen2_subnets(env, resource)
            circuit_id = resource.properties.get("circuit", {}).get("expressRouteID")
            if circuit_id:
                env.store.remove(circuit_id)
        env.store.remove(resource_id)
    return None


def _drop_network_connection(env: Env, gr: Resource) -> None:
    network_conn_id = gr.meta.get("network_connection")
    network_conn = env.store.get(network_conn_id) if network_conn_id else None
    if network_conn is None:
        return
    if env.settings.release_key_on_disconnect:
        release_authorization(env, network_conn)
    env.store.remove(network_conn.id)
