"""Microsoft.Resources reads every client makes to check a login and find a location.

`GET /subscriptions` and `GET /subscriptions/{id}` (what `az login`,
azure.azcollection and azure-identity based tools call first), `GET /tenants`,
and the resource groups (`az network express-route create` without
`--location` reads its group's location). Shapes follow the Subscriptions and
Resources REST specs (2022-12-01 / 2024-11-01 examples). Resource groups are
read-only here: the world file declares them, as a customer's landing zone
would; creating or deleting them is not what this lab is for.
"""

from __future__ import annotations

from typing import Any

from ..errors import ArmError
from .context import ArmContext, ArmResponse

# Placeholder policies: the fields every subscription carries (values are what a
# pay-as-you-go subscription shows in the spec's examples).
_POLICIES = {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"}


def _subscription(ctx: ArmContext, sub: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"/subscriptions/{sub['id']}",
        "subscriptionId": sub["id"],
        "displayName": sub["name"],
        "state": "Enabled",
        "subscriptionPolicies": dict(_POLICIES),
        "authorizationSource": "RoleBased",
    }
    # tenantId and managedByTenants appeared in 2019-06-01; tags in 2019-11-01.
    if ctx.api_version >= "2019-06-01":
        body["tenantId"] = sub["tenant"]
        body["managedByTenants"] = []
    if ctx.api_version >= "2019-11-01":
        body["tags"] = {}
    return body


def _paged(ctx: ArmContext, items: list[dict[str, Any]]) -> dict[str, Any]:
    page: dict[str, Any] = {"value": items}
    if ctx.api_version >= "2020-01-01":
        page["count"] = {"type": "Total", "value": len(items)}
    return page


def list_subscriptions(ctx: ArmContext) -> ArmResponse:
    """The subscriptions the caller holds a role on (others are not listed, as in ARM)."""
    visible = [s for s in ctx.world.data["subscriptions"] if ctx.world.may_access(ctx.caller.client_id, s["id"])]
    return ArmResponse(200, _paged(ctx, [_subscription(ctx, s) for s in visible]))


def get_subscription(ctx: ArmContext) -> ArmResponse:
    # The pipeline has already answered 404 SubscriptionNotFound / 403 AuthorizationFailed.
    return ArmResponse(200, _subscription(ctx, ctx.world.subscription(ctx.subscription)))


def list_tenants(ctx: ArmContext) -> ArmResponse:
    """The caller's home tenant (a service principal sees the directory it lives in)."""
    principal = ctx.world.principal(ctx.caller.client_id) or {}
    home = (principal.get("tenant") or ctx.caller.tenant).lower()
    items = []
    for tenant in ctx.world.tenants:
        if tenant["id"].lower() != home:
            continue
        item: dict[str, Any] = {"id": f"/tenants/{tenant['id']}", "tenantId": tenant["id"]}
        if ctx.api_version >= "2019-06-01":
            domain = tenant.get("domain") or f"{tenant['id'][:8]}.onmicrosoft.com"
            item.update({"tenantCategory": "Home", "countryCode": "US", "displayName": tenant.get("name", domain),
                         "domains": [domain], "defaultDomain": domain, "tenantType": "AAD"})
        items.append(item)
    return ArmResponse(200, _paged(ctx, items))


def _group(ctx: ArmContext, group: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/{ctx.subscription}/resourceGroups/{group['name']}",
        "name": group["name"],
        "type": "Microsoft.Resources/resourceGroups",
        "location": group["location"],
        "tags": dict(group.get("tags") or {}),
        "properties": {"provisioningState": "Succeeded"},
    }


def list_resource_groups(ctx: ArmContext) -> ArmResponse:
    sub = ctx.world.subscription(ctx.subscription) or {}
    return ArmResponse(200, {"value": [_group(ctx, g) for g in sub.get("resource_groups", [])]})


def get_resource_group(ctx: ArmContext) -> ArmResponse:
    group = ctx.world.resource_group(ctx.subscription, ctx.params["rg"])
    if group is None:
        raise ArmError(404, "ResourceGroupNotFound", f"Resource group '{ctx.params['rg']}' could not be found.")
    return ArmResponse(200, _group(ctx, group))
