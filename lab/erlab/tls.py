"""A local CA and a server certificate for 127.0.0.1, made once per state dir.

azure-core refuses bearer tokens over plain http, so the lab speaks HTTPS and
clients trust it through the CA bundle (REQUESTS_CA_BUNDLE / connection_verify).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class TlsFiles:
    ca_bundle: Path
    cert_chain: Path
    private_key: Path


def ensure_tls(state_dir: Path) -> TlsFiles:
    files = TlsFiles(state_dir / "ca.pem", state_dir / "server.pem", state_dir / "server-key.pem")
    if all(p.exists() for p in (files.ca_bundle, files.cert_chain, files.private_key)):
        return files  # reuse: clients that trusted the CA before a restart keep trusting it
    ca = trustme.CA(organization_name="erlab local CA")
    leaf = ca.issue_cert("127.0.0.1", "localhost", "::1")
    ca.cert_pem.write_to_path(str(files.ca_bundle))
    with open(files.cert_chain, "wb") as chain:
        for blob in leaf.cert_chain_pems:
            chain.write(blob.bytes())
    leaf.private_key_pem.write_to_path(str(files.private_key))
    files.private_key.chmod(0o600)
    return files
