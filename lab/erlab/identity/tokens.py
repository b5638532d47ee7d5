"""Access tokens: JWTs signed with a per-lab HMAC secret kept in the database.

They carry the claims ARM looks at (aud, iss, tid, appid, oid, exp), so the
lab can answer each way ARM rejects a token with ARM's own error code.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import jwt

from ..errors import ArmError
from ..store import Store

AUDIENCE = "https://management.erlab.invalid/"


def resources(base_url: str) -> tuple[str, str]:
    """The resource ids a token for ARM may be asked for: the audience, and ARM's own URL.

    Public ARM accepts tokens for https://management.core.windows.net/ and for
    its endpoint https://management.azure.com/ alike; clients that build the
    scope from the endpoint (azure.azcollection: resource_manager + ".default")
    rely on the second.
    """
    return AUDIENCE, base_url.rstrip("/") + "/"


def allowed_audiences(base_url: str) -> list[str]:
    return [form for resource in resources(base_url) for form in (resource, resource.rstrip("/"))]


def signing_secret(store: Store) -> str:
    secret = store.get_kv("token_secret")
    if not secret:
        secret = secrets.token_urlsafe(48)
        store.set_kv("token_secret", secret)
    return secret


def mint(store: Store, *, issuer: str, tenant: str, client_id: str, object_id: str,
         audience: str = AUDIENCE, lifetime: int = 3599, issued_at: float) -> str:
    claims = {
        "aud": audience,
        "iss": issuer,
        "iat": int(issued_at),
        "nbf": int(issued_at),
        "exp": int(issued_at) + int(lifetime),
        "tid": tenant,
        "appid": client_id,
        "oid": object_id,
        "sub": object_id,
        "idtyp": "app",
        "ver": "1.0",
        "uti": uuid.uuid4().hex[:22],
    }
    return jwt.encode(claims, signing_secret(store), algorithm="HS256", headers={"kid": "erlab"})


@dataclass(frozen=True)
class Caller:
    """Who a valid token says is calling."""

    tenant: str
    client_id: str
    object_id: str


def _challenge(tenant: str, base_url: str, description: str) -> dict[str, str]:
    return {
        "WWW-Authenticate": (
            f'Bearer authorization_uri="{base_url}/{tenant}", error="invalid_token", '
            f'error_description="{description}"'
        )
    }


def verify(store: Store, authorization: str | None, *, base_url: str, default_tenant: str, now: float) -> Caller:
    """Check a bearer token the way ARM does; raise 401 ArmErrors with ARM's codes."""
    if not authorization:
        raise ArmError(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
            headers=_challenge(default_tenant, base_url, "The authentication failed because of missing 'Authorization' header."),
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ArmError(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is provided in an invalid format.",
            headers=_challenge(default_tenant, base_url, "Authorization header format is invalid."),
        )
    invalid = ArmError(
        401,
        "InvalidAuthenticationToken",
        "The access token is invalid.",
        headers=_challenge(default_tenant, base_url, "The access token is invalid."),
    )
    try:
        claims = jwt.decode(
            token.strip(),
            signing_secret(store),
            algorithms=["HS256"],
            options={"verify_exp": False, "verify_aud": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.PyJWTError:
        raise invalid from None
    tenant = str(claims.get("tid") or default_tenant)
    audience = claims.get("aud")
    allowed = allowed_audiences(base_url)
    if audience not in allowed:
        raise ArmError(
            401,
            "InvalidAuthenticationTokenAudience",
            f"The access token has been obtained for wrong audience or resource '{audience}'. It should exactly match"
            f" with one of the allowed audiences {','.join(repr(a) for a in allowed)}.",
            headers=_challenge(tenant, base_url, "The access token has been obtained for wrong audience or resource."),
        )
    expires = claims.get("exp")
    if not isinstance(expires, int) or expires <= now:
        expired_at = _utc(expires) if isinstance(expires, int) else "unknown"
        raise ArmError(
            401,
            "ExpiredAuthenticationToken",
            f"The access token expiry UTC time '{expired_at}' is earlier than current UTC time '{_utc(now)}'.",
            headers=_challenge(tenant, base_url, "The access token expiry UTC time is earlier than current UTC time."),
        )
    if not claims.get("appid") or not claims.get("oid"):
        raise invalid
    return Caller(tenant=tenant, client_id=str(claims["appid"]), object_id=str(claims["oid"]))


def _utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%m/%d/%Y %H:%M:%S")
