"""Where a no-op circuit_info's time goes: each step of its run, timed in a fresh interpreter.

The steps are what the module does (imports, cloud metadata, sign-in, one GET),
done with the same packages but not through its code, so this keeps working
when the module's internals change. Median over fresh interpreters.
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from typing import Any

from .ansible_run import collections_root
from .cases import CIRCUIT, NETWORK_RG
from .labctl import Lab
from .paths import Paths
from .stats import median

STEPS = """
import json, os, sys, time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
sys.path.insert(0, sys.argv[1])
import ansible.module_utils.basic
mark("import ansible.module_utils.basic")
import ansible_collections.hybridlink.expressroute.plugins.modules.circuit_info
mark("import circuit_info and its module_utils")
import requests, azure.core.exceptions, azure.core.credentials, msal
mark("import MSAL (with azure-core, requests)")
from azure.core.pipeline import policies
from azure.core.rest import HttpRequest
from azure.mgmt.core import ARMPipelineClient
from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy
mark("import the ARM pipeline (azure-mgmt-core)")
url = os.environ["AZURE_CLOUD_ENVIRONMENT"].rstrip("/")
ca = os.environ["REQUESTS_CA_BUNDLE"]
cloud = requests.get(url + "/metadata/endpoints?api-version=2022-09-01", verify=ca, timeout=30).json()[0]
audience = cloud["authentication"]["audiences"][0]
mark("GET /metadata/endpoints (new TLS connection)")
app = msal.ConfidentialClientApplication(
    os.environ["AZURE_CLIENT_ID"], client_credential=os.environ["AZURE_SECRET"],
    authority=cloud["authentication"]["loginEndpoint"].rstrip("/") + "/" + os.environ["AZURE_TENANT"],
    instance_discovery=False, verify=ca)
token = app.acquire_token_for_client([audience.rstrip("/") + "/.default"])
class Credential:
    def get_token(self, *scopes, **kwargs):
        return azure.core.credentials.AccessToken(token["access_token"], int(time.time()) + token["expires_in"])
credential = Credential()
mark("sign in: OpenID configuration + token POST")
client = ARMPipelineClient(base_url=cloud["resourceManager"], policies=[
    policies.RequestIdPolicy(), policies.HeadersPolicy(), policies.UserAgentPolicy(), policies.ContentDecodePolicy(),
    policies.RedirectPolicy(), policies.RetryPolicy(),
    ARMChallengeAuthenticationPolicy(credential, audience.rstrip("/") + "/.default"), ARMHttpLoggingPolicy()])
path = ("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/expressRouteCircuits/%s"
        % (os.environ["AZURE_SUBSCRIPTION_ID"], sys.argv[2], sys.argv[3]))
response = client.send_request(HttpRequest("GET", client.format_url(path), params={"api-version": "2026-03-01"}))
response.raise_for_status()
circuit = response.json()
mark("GET the circuit (new TLS connection), JSON")
print(json.dumps([[name, (at - marks[index][1]) * 1000.0] for index, (name, at) in enumerate(marks[1:])]))
"""


def run_anatomy(paths: Paths, lab: Lab, repeats: int) -> dict[str, Any]:
    env = dict(lab.env)
    env.pop("PYTHONPATH", None)
    steps: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []
    errors = []
    for attempt in range(repeats + 1):
        completed = subprocess.run([str(paths.ours_python), "-c", STEPS, str(collections_root(paths)), NETWORK_RG,
                                    CIRCUIT], capture_output=True, text=True, env=env, check=False)
        if completed.returncode != 0:
            errors.append(completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "failed")
            continue
        if attempt == 0:
            continue     # warm-up: page cache
        for name, milliseconds in json.loads(completed.stdout):
            if name not in order:
                order.append(name)
            steps[name].append(milliseconds)
    return {"repeats": repeats, "steps": [[name, median(steps[name])] for name in order], "errors": errors[:2]}
