"""Cloud metadata and the Entra ID (AAD) endpoints azure-identity talks to."""

from __future__ import annotations

import time
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse

from .. import clock, requestlog
from ..lab import Lab
from ..settings import load_settings
from .tokens import AUDIENCE, mint, resources


def _log(lab: Lab, request: Request, status: int, kind: str, client_id: str | None = None, error: str | None = None) -> None:
    with lab.store.transaction():
        requestlog.record(lab.store, time=clock.now(), method=request.method, path=request.url.path,
                          api_version=request.query_params.get("api-version"), status=status, kind=kind,
                          client_id=client_id, error_code=error)


def cloud_metadata(base_url: str) -> dict:
    """Shaped like ARM's /metadata/endpoints (what az cli and msrestazure read)."""
    return {
        "name": "ERLab",
        "galleryEndpoint": f"{base_url}/gallery/",
        "graphEndpoint": f"{base_url}/graph/",
        "graphAudience": f"{base_url}/graph/",
        "portalEndpoint": f"{base_url}/portal/",
        "microsoftGraphResourceId": f"{base_url}/msgraph/",
        "resourceManager": f"{base_url}/",
        "sqlManagement": f"{base_url}/sql/",
        "batch": f"{base_url}/batch/",
        "media": f"{base_url}/media",
        "activeDirectoryDataLake": f"{base_url}/datalake/",
        "vmImageAliasDoc": f"{base_url}/vmimagealiases.json",
        "authentication": {
            "loginEndpoint": f"{base_url}/",
            "audiences": [AUDIENCE, f"{base_url}/"],
            "tenant": "common",
            "identityProvider": "AAD",
        },
        "suffixes": {
            "storage": "core.erlab.invalid",
            "keyVaultDns": "vault.erlab.invalid",
            "sqlServerHostname": ".database.erlab.invalid",
            "acrLoginServer": "azurecr.erlab.invalid",
            "azureDataLakeStoreFileSystem": "azuredatalakestore.erlab.invalid",
            "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.erlab.invalid",
            "mysqlServerEndpoint": "mysql.database.erlab.invalid",
            "postgresqlServerEndpoint": "postgres.database.erlab.invalid",
            "mariadbServerEndpoint": "mariadb.database.erlab.invalid",
            "azureFrontDoorEndpointSuffix": "azurefd.erlab.invalid",
            "storageSyncEndpointSuffix": "afs.erlab.invalid",
            "synapseAnalytics": "dev.azuresynapse.erlab.invalid",
            "attestationEndpoint": "attest.erlab.invalid",
        },
    }


async def metadata_endpoints(request: Request) -> JSONResponse:
    """One cloud object, at every api-version: the lab is a custom cloud.

    Custom clouds (Azure Stack Hub style) answer their own endpoints as one
    object; `az cloud register --endpoint-resource-manager` asks for
    api-version 2022-09-01 and reads one object, as msrestazure did with
    2015-01-01. Only public Azure's ARM answers a list of every cloud (what
    azure-cli reads through ARM_CLOUD_METADATA_URL), which a custom cloud is not.
    """
    lab: Lab = request.app.state.lab
    _log(lab, request, 200, "metadata")
    return JSONResponse(cloud_metadata(lab.base_url))


async def openid_configuration(request: Request) -> JSONResponse:
    lab: Lab = request.app.state.lab
    tenant = request.path_params["tenant"]
    world = lab.world()
    if not world.tenant_exists(tenant):
        _log(lab, request, 400, "metadata", error="invalid_tenant")
        return _aad_error(400, "invalid_tenant", 90002, f"AADSTS90002: Tenant '{tenant}' not found.")
    _log(lab, request, 200, "metadata")
    base = f"{lab.base_url}/{tenant}"
    return JSONResponse({
        "token_endpoint": f"{base}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": f"{base}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": f"{base}/v2.0",
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": f"{lab.base_url}/oidc/userinfo",
        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": "erlab.invalid",
    })


def _aad_error(status: int, error: str, code: int, description: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": error,
            "error_description": description,
            "error_codes": [code],
            "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime()),
            "trace_id": clock.new_guid(),
            "correlation_id": clock.new_guid(),
        },
        status_code=status,
    )


async def token(request: Request) -> JSONResponse:
    """Client-credentials grant against the world's service principals."""
    lab: Lab = request.app.state.lab
    tenant = request.path_params["tenant"]
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    client_id = form.get("client_id", "")

    def fail(status: int, error: str, code: int, description: str) -> JSONResponse:
        _log(lab, request, status, "token", client_id or None, error)
        return _aad_error(status, error, code, description)

    world = lab.world()
    if not world.tenant_exists(tenant):
        return fail(400, "invalid_request", 90002, f"AADSTS90002: Tenant '{tenant}' not found.")
    if form.get("grant_type") != "client_credentials":
        return fail(400, "unsupported_grant_type", 70003, "AADSTS70003: The app requested an unsupported grant type.")
    principal = world.principal(client_id)
    if principal is None or (tenant.lower() not in ("common", "organizations") and principal["tenant"].lower() != tenant.lower()):
        return fail(400, "unauthorized_client", 700016,
                    f"AADSTS700016: Application with identifier '{client_id}' was not found in the directory '{tenant}'.")
    if form.get("client_secret") != principal["secret"]:
        return fail(401, "invalid_client", 7000215,
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the "
                    f"client secret value, not the client secret ID, for a secret added to app '{client_id}'.")
    scope = form.get("scope", "")
    resource = scope.split(" ")[0].removesuffix(".default")
    audience = resource.rstrip("/") + "/"
    if not scope.endswith("/.default") or audience not in resources(lab.base_url):
        return fail(400, "invalid_resource", 500011,
                    f"AADSTS500011: The resource principal named {resource} was not found in the tenant named {tenant}.")
    lifetime = load_settings(lab.store).token_lifetime_seconds
    with lab.store.transaction():
        access_token = mint(lab.store, issuer=f"{lab.base_url}/{principal['tenant']}/v2.0", tenant=principal["tenant"],
                            client_id=principal["client_id"], object_id=principal["object_id"], audience=audience,
                            lifetime=lifetime,
                            issued_at=clock.now())
    _log(lab, request, 200, "token", client_id)
    return JSONResponse({"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": access_token})
