"""How many prefixes an MSEE accepts from the customer on one session (edge-and-gen2.md).

Private peering: 4,000 IPv4 prefixes (10,000 with the Premium add-on);
Microsoft peering: 200. Going over drops the BGP session. In bgp mode the
MSEE's FRR enforces this itself (`maximum-prefix`, erlab.edge.msee); the
made-up tables (routing.py) apply the same rule to the world's prefixes.
"""

from __future__ import annotations

from ..store import Resource

PREFIX_LIMITS = {"AzurePrivatePeering": 4000, "MicrosoftPeering": 200}
PREMIUM_PRIVATE_LIMIT = 10000
# What the summary shows for a session the MSEE dropped over the limit (FRR's own wording).
OVER_LIMIT_STATE = "Idle (PfxCt)"


def limit_for(circuit: Resource, peering_name: str) -> int:
    if peering_name == "AzurePrivatePeering" and str(circuit.body.get("sku", {}).get("tier", "")).lower() == "premium":
        return PREMIUM_PRIVATE_LIMIT
    return PREFIX_LIMITS.get(peering_name, PREFIX_LIMITS["AzurePrivatePeering"])
