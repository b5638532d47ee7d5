"""Tokens, cloud metadata and ARM's 401/403/404 answers before any resource logic."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from conftest import NET_API, RG, SUB, circuit_path


def test_client_secret_credential_with_requests_ca_bundle_only(world):
    """azure-identity as AWX would run it: CA trusted only through REQUESTS_CA_BUNDLE."""
    script = (
        "import os\n"
        "from azure.identity import ClientSecretCredential\n"
        "c = ClientSecretCredential(os.environ['AZURE_TENANT'], os.environ['AZURE_CLIENT_ID'], os.environ['AZURE_SECRET'],"
        " authority=os.environ['ERLAB_URL'], disable_instance_discovery=True)\n"
        "t = c.get_token('https://management.erlab.invalid/.default')\n"
        "print(t.token.count('.'), t.expires_on)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "CURL_CA_BUNDLE")}
    env.update(world.env)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    dots, _expires = out.stdout.split()
    assert dots == "2"  # a JWT
    assert any(e["kind"] == "token" and e["status"] == 200 for e in world.admin.requests())


def test_without_the_ca_bundle_tls_is_refused(world):
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{world.url}/metadata/endpoints?api-version=2019-05-01", verify=True)


@pytest.mark.parametrize("api_version", ["2015-01-01", "2019-05-01", "2022-09-01"])
def test_metadata_endpoint_is_one_custom_cloud_at_every_version(world, api_version):
    # `az cloud register` asks 2022-09-01 and reads one object, like Azure Stack answers.
    body = httpx.get(f"{world.url}/metadata/endpoints?api-version={api_version}", verify=world.ca_bundle).json()
    assert body["resourceManager"] == world.url + "/"
    assert body["authentication"] == {"loginEndpoint": world.url + "/",
                                      "audiences": ["https://management.erlab.invalid/", world.url + "/"],
                                      "tenant": "common", "identityProvider": "AAD"}
    for key in ("galleryEndpoint", "graphEndpoint", "portalEndpoint", "suffixes"):
        assert key in body
    assert world.admin.counters()["metadata"] == 1


@pytest.mark.parametrize(
    "form_change, status, error",
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "00000000-0000-0000-0000-00000000beef"}, 400, "unauthorized_client"),
        ({"scope": "https://management.azure.com/.default"}, 400, "invalid_resource"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
)
def test_token_endpoint_refuses_bad_requests(world, form_change, status, error):
    info = world.info
    form = {"client_id": info["client_id"], "client_secret": info["client_secret"], "grant_type": "client_credentials",
            "scope": "https://management.erlab.invalid/.default"}
    form.update(form_change)
    response = httpx.post(f"{world.url}/{info['tenant_id']}/oauth2/v2.0/token", data=form, verify=world.ca_bundle)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["error_description"].startswith("AADSTS")


def test_token_endpoint_answers_aad_shape(world):
    info = world.info
    form = {"client_id": info["client_id"], "client_secret": info["client_secret"], "grant_type": "client_credentials",
            "scope": "https://management.erlab.invalid/.default"}
    body = httpx.post(f"{world.url}/{info['tenant_id']}/oauth2/v2.0/token", data=form, verify=world.ca_bundle).json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3599 and body["ext_expires_in"] == 3599
    assert body["access_token"]


@pytest.mark.parametrize("resource", ["https://management.erlab.invalid/", "ARM_URL/"])
def test_a_token_for_the_audience_or_for_arms_own_url_is_accepted(world, resource):
    """Public ARM takes tokens for management.core.windows.net and for its URL; azure.azcollection asks the URL."""
    resource = resource.replace("ARM_URL", world.url)
    info = world.info
    form = {"client_id": info["client_id"], "client_secret": info["client_secret"], "grant_type": "client_credentials",
            "scope": resource + ".default"}
    token = httpx.post(f"{world.url}/{info['tenant_id']}/oauth2/v2.0/token", data=form, verify=world.ca_bundle).json()
    assert _get(world, token["access_token"]).status_code == 200
    wrong = _get(world, world.admin.mint_token(audience="https://management.azure.com/")).json()["error"]["message"]
    assert "'https://management.erlab.invalid/'" in wrong and f"'{world.url}/'" in wrong


def _get(world, token: str | None, path: str = circuit_path("er-sv-primary")):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.get(f"{world.url}{path}", params={"api-version": NET_API}, headers=headers, verify=world.ca_bundle)


@pytest.mark.parametrize(
    "make_token, code",
    [
        (lambda admin: None, "AuthenticationFailed"),
        (lambda admin: "not-a-jwt", "InvalidAuthenticationToken"),
        (lambda admin: admin.mint_token()[:-4] + "AAAA", "InvalidAuthenticationToken"),
        (lambda admin: admin.mint_token(expired=True), "ExpiredAuthenticationToken"),
        (lambda admin: admin.mint_token(audience="https://management.azure.com/"), "InvalidAuthenticationTokenAudience"),
    ],
    ids=["missing", "garbage", "bad-signature", "expired", "wrong-audience"],
)
def test_arm_rejects_bad_tokens_with_arm_codes(world, make_token, code):
    response = _get(world, make_token(world.admin))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith("Bearer authorization_uri=")
    assert response.headers["x-ms-request-id"]


def test_sdk_raises_client_authentication_error_on_expired_token(world):
    from azure.core.credentials import AccessToken
    from azure.core.exceptions import ClientAuthenticationError

    class Stale:
        def get_token(self, *scopes, **kwargs):
            return AccessToken(world.admin.mint_token(expired=True), 1)

    client = world.network_client(credential=Stale())
    with pytest.raises(ClientAuthenticationError) as caught:
        client.express_route_circuits.get(RG, "er-sv-primary")
    assert caught.value.error.code == "ExpiredAuthenticationToken"


def test_principal_without_grant_gets_403(world):
    token = world.admin.mint_token(client_id="11111111-2222-3333-4444-555555555555")
    response = _get(world, token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "AuthorizationFailed"
    assert "Microsoft.Network/expressRouteCircuits/read" in response.json()["error"]["message"]


def test_avs_managed_circuit_is_not_readable_by_the_customer(world, avs):
    cloud = avs.private_clouds.get("rg-avs-prod", "avs-westus-prod")
    managed_sub = cloud.circuit.express_route_id.split("/")[2]
    assert managed_sub != SUB
    response = _get(world, world.admin.mint_token(), cloud.circuit.express_route_id)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "AuthorizationFailed"


def test_unknown_subscription_is_404(world):
    path = circuit_path("x", sub="99999999-9999-9999-9999-999999999999")
    response = _get(world, world.admin.mint_token(), path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "SubscriptionNotFound"


def test_tokens_are_logged_and_counted(world):
    world.network_client().express_route_circuits.get(RG, "er-sv-primary")
    counters = world.admin.counters()
    assert counters["token"] == 1 and counters["read"] == 1
    assert json.dumps(world.admin.requests()).count("oauth2/v2.0/token") == 1
