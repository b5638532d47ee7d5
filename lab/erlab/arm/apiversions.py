"""Published api-versions for the resource types the lab serves.

ARM accepts every published version of a type (older clients keep working);
anything else is 400 InvalidApiVersionParameter. Lists come from the
Microsoft.Network and Microsoft.AVS spec folders and the deployment change
logs; `since` marks where a child type or action first appeared.
"""

from __future__ import annotations

from ..errors import ArmError

NETWORK_VERSIONS = (
    "2015-05-01-preview", "2015-06-15",
    "2016-03-30", "2016-06-01", "2016-07-01", "2016-08-01", "2016-09-01", "2016-10-01", "2016-11-01", "2016-12-01",
    "2017-03-01", "2017-04-01", "2017-06-01", "2017-08-01", "2017-09-01", "2017-10-01", "2017-11-01",
    "2018-01-01", "2018-02-01", "2018-04-01", "2018-06-01", "2018-07-01", "2018-08-01", "2018-10-01",
    "2018-11-01", "2018-12-01",
    "2019-02-01", "2019-04-01", "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01", "2019-11-01", "2019-12-01",
    "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01", "2020-11-01",
    "2021-02-01", "2021-03-01", "2021-05-01", "2021-08-01",
    "2022-01-01", "2022-05-01", "2022-07-01", "2022-09-01", "2022-11-01",
    "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01", "2023-11-01",
    "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01", "2024-10-01",
    "2025-01-01", "2025-03-01", "2025-05-01", "2025-07-01", "2025-09-01",
    "2026-01-01", "2026-03-01",
)

AVS_VERSIONS = (
    "2020-03-20", "2020-07-17-preview", "2021-01-01-preview", "2021-06-01", "2021-12-01",
    "2022-05-01", "2023-03-01", "2023-09-01", "2024-09-01", "2025-09-01", "2026-03-01",
)

# Provider registration endpoints (what azure-mgmt-core's auto-registration uses).
RESOURCE_MANAGER_VERSIONS = ("2014-04-01", "2015-01-01", "2016-02-01", "2016-09-01", "2019-10-01",
                             "2020-01-01", "2021-04-01", "2022-09-01", "2024-03-01", "2024-07-01",
                             "2024-11-01", "2025-03-01", "2025-04-01")

# The Subscriptions API (GET /subscriptions, /subscriptions/{id}, /tenants): its own spec folder and versions.
SUBSCRIPTION_VERSIONS = ("2014-04-01-preview", "2015-11-01", "2016-06-01", "2018-06-01", "2019-06-01",
                         "2019-11-01", "2020-01-01", "2021-01-01", "2022-12-01")

_FAMILIES = {"network": NETWORK_VERSIONS, "avs": AVS_VERSIONS, "resources": RESOURCE_MANAGER_VERSIONS,
             "subscriptions": SUBSCRIPTION_VERSIONS}

# First version in which a child type / action exists.
SINCE = {
    "connections": "2018-02-01",         # circuit-to-circuit Global Reach
    "peerConnections": "2018-12-01",
    "listKeys": "2026-01-01",
    "globalReachConnections": "2020-07-17-preview",
    "routeFilters": "2016-12-01",        # first spec folder with routeFilters (and its samples)
    "bgpServiceCommunities": "2016-12-01",
}

LATEST = {"network": "2026-03-01", "avs": "2026-03-01"}


def _key(version: str) -> tuple[str, int]:
    # "2020-07-17-preview" sorts just before "2020-07-17"; dates compare as strings.
    return (version[:10], 0 if version.endswith("preview") else 1)


def at_least(version: str, floor: str) -> bool:
    return _key(version) >= _key(floor)


def supported(family: str, feature: str | None = None) -> tuple[str, ...]:
    versions = _FAMILIES[family]
    if feature in SINCE:
        versions = tuple(v for v in versions if at_least(v, SINCE[feature]))
    return versions


def check(api_version: str | None, family: str, feature: str | None = None) -> str:
    if not api_version:
        raise ArmError(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
    versions = supported(family, feature)
    if api_version not in versions:
        raise ArmError(
            400,
            "InvalidApiVersionParameter",
            f"The api-version '{api_version}' is invalid. The supported versions are '{','.join(versions)}'.",
        )
    return api_version
