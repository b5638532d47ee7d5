"""The environment a lab hands to its clients (lab.json -> the AZURE_* / ERLAB_* exports).

Kept apart from server.py so `erlab env` / `erlab stop` and test helpers do
not import the web stack just to print a few lines.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any


def exports(info: dict[str, Any], state_dir: Path) -> dict[str, str]:
    return {
        "AZURE_CLOUD_ENVIRONMENT": info["url"],
        "AZURE_SUBSCRIPTION_ID": info["subscription_id"],
        "AZURE_TENANT": info["tenant_id"],
        "AZURE_CLIENT_ID": info["client_id"],
        "AZURE_SECRET": info["client_secret"],
        "REQUESTS_CA_BUNDLE": info["ca_bundle"],
        "ERLAB_URL": info["url"],
        "ERLAB_STATE_DIR": str(state_dir),
    }


def export_lines(env: dict[str, str]) -> str:
    return "".join(f"export {k}={shlex.quote(v)}\n" for k, v in env.items())
