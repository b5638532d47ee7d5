"""Point azure.azcollection at the lab; loaded only by the azure reference's module interpreter.

Two adaptations, neither of which changes what the collection does per request:

1. azure_rm_common resolves a `cloud_environment` URL only by matching it against
   azure-cli's KNOWN_CLOUDS (it does not fetch /metadata/endpoints), so the lab is
   registered there as a known cloud, built from ERLAB_URL without any request.
2. The collection asks for a token for `<resource manager URL>/.default`. Real
   Entra ID accepts `https://management.azure.com/.default`; the lab only issues
   tokens for its audience (https://management.erlab.invalid/), so that one scope
   is mapped to the lab's audience.

Active only when BENCH_AZURE_SHIM=1 and ERLAB_URL are set.
"""

import os

LAB_AUDIENCE = "https://management.erlab.invalid/"


def _register_lab_cloud(url):
    from azure.cli.core import cloud as azure_cloud

    lab_cloud = azure_cloud.Cloud(
        "ERLab",
        endpoints=azure_cloud.CloudEndpoints(
            management=LAB_AUDIENCE,
            resource_manager=url + "/",
            active_directory=url,
            active_directory_resource_id=LAB_AUDIENCE,
            active_directory_graph_resource_id=url + "/graph/",
            microsoft_graph_resource_id=url + "/msgraph/",
        ),
        suffixes=azure_cloud.CloudSuffixes(storage_endpoint="core.erlab.invalid"),
    )
    azure_cloud.KNOWN_CLOUDS.append(lab_cloud)


def _map_scope(url):
    from azure.identity import ClientSecretCredential

    lab_scope = url + "/.default"

    def mapped(scopes):
        return tuple(LAB_AUDIENCE + ".default" if scope == lab_scope else scope for scope in scopes)

    for name in ("get_token", "get_token_info"):
        original = getattr(ClientSecretCredential, name, None)
        if original is None:
            continue

        def wrapper(self, *scopes, _original=original, **kwargs):
            return _original(self, *mapped(scopes), **kwargs)

        setattr(ClientSecretCredential, name, wrapper)


if os.environ.get("BENCH_AZURE_SHIM") == "1" and os.environ.get("ERLAB_URL"):
    _lab_url = os.environ["ERLAB_URL"].rstrip("/")
    _register_lab_cloud(_lab_url)
    _map_scope(_lab_url)
