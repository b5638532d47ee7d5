"""The Starlette application: identity endpoints, the ARM surface and /_lab/."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount, Route

from .admin.routes import ROUTES as ADMIN_ROUTES
from .arm import operations, pipeline
from .avs import completions as avs_completions
from .identity.routes import metadata_endpoints, openid_configuration, token
from .lab import Lab
from .network import completions as network_completions
from .network import gateway_connections, gateways, tables

# What finishing each kind of long-running operation does, module by module (the routes are in arm/router.py).
operations.register_completions(network_completions, tables, gateways, gateway_connections, avs_completions)

ARM_METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST"]


def build_app(lab: Lab) -> Starlette:
    app = Starlette(
        routes=[
            Route("/metadata/endpoints", metadata_endpoints, methods=["GET"]),
            Route("/{tenant}/v2.0/.well-known/openid-configuration", openid_configuration, methods=["GET"]),
            Route("/{tenant}/oauth2/v2.0/token", token, methods=["POST"]),
            Mount("/_lab", routes=ADMIN_ROUTES),
            Route("/subscriptions", pipeline.serve, methods=ARM_METHODS),
            Route("/subscriptions/{rest:path}", pipeline.serve, methods=ARM_METHODS),
            Route("/tenants", pipeline.serve, methods=ARM_METHODS),
        ]
    )
    app.state.lab = lab
    return app
