"""What finishing a Microsoft.Network operation does to the stored resources."""

from __future__ import annotations

from ..arm import operations
from ..arm.context import Env
from ..clock import new_etag, new_guid
from ..ids import CIRCUIT, CIRCUIT_CONNECTION, PEERING, parse_circuit_ref
from ..store import Resource
from . import linkstate
from .builders import finish_circuit, finish_peering
from .common import is_ready


def _circuit_of(env: Env, resource: Resource) -> Resource | None:
    ref = parse_circuit_ref(resource.id.split("/peerings/")[0].split("/authorizations/")[0])
    return env.store.get(ref.circuit_id) if ref else None


@operations.completion("network.put", on_failure=lambda env, op: _mark_failed(env, op))
def _finish_put(env: Env, op: operations.Operation):
    etag = new_etag()
    failure = None
    for resource_id in op.effect["ids"]:
        resource = env.store.get(resource_id)
        if resource is None:
            continue
        if resource.type == CIRCUIT_CONNECTION:
            error = _finish_connection(env, resource, op)
            if error is not None:
                resource.properties["provisioningState"] = "Failed"
                env.store.save(resource, env.now)
                if resource.id == op.target_id:
                    failure = error
                continue
        elif resource.type == CIRCUIT:
            finish_circuit(resource)
        elif resource.type == PEERING:
            circuit = _circuit_of(env, resource)
            sub = resource.id.split("/")[2]
            finish_peering(resource, circuit, env.world.registered_public_prefixes(sub), env.now)
        resource.properties["provisioningState"] = "Succeeded"
        resource.body["etag"] = etag
        env.store.save(resource, env.now)
    return failure


def _finish_connection(env: Env, conn: Resource, op: operations.Operation):
    """Global Reach comes up only between two provisioned circuits, connect_seconds after provisioning."""
    props = conn.properties
    initiating = _circuit_of(env, conn)
    if initiating is None or not is_ready(initiating):
        # Observed: the failed connection keeps existing, Failed, and reports Connected.
        props["circuitConnectionStatus"] = "Connected"
        linkstate.forget(conn)
        state = initiating.properties.get("serviceProviderProvisioningState") if initiating else "NotProvisioned"
        return {
            "code": "InitiatingCircuitNotProvisioned",
            "message": (
                f"Put Global Reach Connection Initiating Circuit Subscription = {conn.id.split('/')[2]}, ServiceKey = "
                f"{initiating.properties.get('serviceKey') if initiating else ''} is Not Provisioned. Current Status {state}"
            ),
            "details": [],
        }
    peer_ref = parse_circuit_ref(props["peerExpressRouteCircuitPeering"]["id"])
    peer = env.store.get(peer_ref.circuit_id) if peer_ref else None
    peer_peering = env.store.get(props["peerExpressRouteCircuitPeering"]["id"])
    if peer is None or peer_peering is None or not is_ready(peer) or peer_peering.properties.get("provisioningState") != "Succeeded":
        props["circuitConnectionStatus"] = "Disconnected"
        linkstate.forget(conn)
        state = peer.properties.get("serviceProviderProvisioningState") if peer else "NotFound"
        # Assumption: mirrors the initiating-circuit message for the other end.
        return {
            "code": "PeerCircuitNotProvisioned",
            "message": (
                f"Put Global Reach Connection Peer Circuit Subscription = {peer_ref.subscription if peer_ref else ''}, "
                f"ServiceKey = {peer.properties.get('serviceKey') if peer else ''} is Not Provisioned. Current Status {state}"
            ),
            "details": [],
        }
    auth_id = conn.meta.get("authorization_id")
    if auth_id:
        auth = env.store.get(auth_id)
        if auth is not None:
            auth.properties["authorizationUseStatus"] = "InUse"
            auth.properties["connectionResourceUri"] = conn.id
            conn.meta["auth_resource_guid"] = auth.properties.get("resourceGuid") or auth.meta.setdefault("resource_guid", new_guid())
            env.store.save(auth, env.now)
    # A link that was already up (an update) stays up; a new one, or one that
    # failed before, goes Connecting and comes up connect_seconds later.
    up_at = op.finishes_at + linkstate.connect_seconds(env, op.effect)
    if not linkstate.is_up_or_coming(conn):
        linkstate.comes_up(conn, up_at)
    if isinstance(props.get("ipv6CircuitConnectionConfig"), dict) and not linkstate.is_up_or_coming(conn, ipv6=True):
        linkstate.comes_up(conn, up_at, ipv6=True)
    return None


def _mark_failed(env: Env, op: operations.Operation) -> None:
    for resource_id in op.effect["ids"]:
        resource = env.store.get(resource_id)
        if resource is not None:
            resource.properties["provisioningState"] = "Failed"
            env.store.save(resource, env.now)


@operations.completion("network.delete", on_failure=lambda env, op: _mark_failed(env, op))
def _finish_delete(env: Env, op: operations.Operation):
    for resource_id in op.effect["ids"]:
        resource = env.store.get(resource_id)
        if resource is None:
            continue
        if resource.type == CIRCUIT_CONNECTION and env.settings.release_key_on_disconnect:
            release_authorization(env, resource)
        env.store.remove(resource_id)
    return None


def release_authorization(env: Env, conn: Resource) -> None:
    auth_id = conn.meta.get("authorization_id")
    auth = env.store.get(auth_id) if auth_id else None
    if auth is not None:
        auth.properties["authorizationUseStatus"] = "Available"
        auth.properties["connectionResourceUri"] = ""
        env.store.save(auth, env.now)
