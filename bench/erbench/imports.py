"""Import cost: what each module imports, timed in fresh processes, against azure_rm_common.

Every figure is the median over fresh interpreters of the time to import the
named modules *after* ansible.module_utils.basic (which every Ansible module
pays, the floor included), so it is what the module adds on top of Ansible.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from .ansible_run import collections_root
from .cases import ALL_CASES
from .paths import Paths
from .stats import median

BASELINE = "ansible.module_utils.basic"
OURS_PREFIX = "ansible_collections.hybridlink.expressroute.plugins.modules."
AZURE_COMMON = "ansible_collections.azure.azcollection.plugins.module_utils.azure_rm_common"
# Imported at run time by every module of this collection (errors, cloud metadata, the credential: a service
# principal's secret signs in through MSAL, which azure-identity installs; azure.identity itself is not imported).
OURS_RUNTIME = ("azure.core.exceptions", "azure.core.credentials", "requests", "msal")

TIMER = """
import sys, time
sys.path.insert(0, sys.argv[1])
for name in sys.argv[2].split(',') if sys.argv[2] else ():
    __import__(name)
started, cpu = time.perf_counter(), time.process_time()
for name in sys.argv[3].split(','):
    __import__(name)
print((time.perf_counter() - started) * 1000.0, (time.process_time() - cpu) * 1000.0)
"""


def time_import(python: Path, root: Path, names: list[str], repeats: int,
                before: list[str] | None = None) -> dict[str, Any]:
    """Median wall and CPU milliseconds to import `names` in a fresh interpreter (one untimed warm-up first)."""
    before = [BASELINE] if before is None else before
    walls, cpus = [], []
    for attempt in range(repeats + 1):
        completed = subprocess.run([str(python), "-c", TIMER, str(root), ",".join(before), ",".join(names)],
                                   capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            return {"error": completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "failed"}
        if attempt == 0:
            continue     # warms the page cache so every sample reads .pyc files from memory
        wall, cpu = completed.stdout.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
    return {"median_ms": median(walls), "cpu_ms": median(cpus), "samples_ms": walls}


def run_imports(paths: Paths, settings: dict[str, Any]) -> dict[str, Any]:
    repeats = settings["import_repeats"]
    root = collections_root(paths)
    ours, azure = paths.ours_python, paths.azure_python
    rows: list[dict[str, Any]] = []

    def measure(label: str, side: str, python: Path, names: list[str], before: list[str] | None = None, note: str = ""):
        print(f"  {label}", flush=True)
        result = time_import(python, root, names, repeats, before)
        rows.append(dict(result, label=label, side=side, imports=names, note=note))

    measure(BASELINE, "baseline", ours, [BASELINE], before=[], note="every Ansible module, the floor included")
    measure("ansible.module_utils.urls", "floor", ours, ["ansible.module_utils.urls"], note="what uri adds")
    measure("azure.identity", "sdk", ours, ["azure.identity"],
            note="every credential (cryptography.x509 for certificates); the modules import it only for methods other "
                 "than a service principal's secret")
    measure("msal after azure-core and requests", "sdk", ours, ["msal"],
            before=[BASELINE, "azure.core.exceptions", "requests"],
            note="what the modules' client-secret credential adds (module_utils/client_secret.py)")
    measure("azure.mgmt.network (client)", "sdk", ours, ["azure.mgmt.network"])
    measure("azure.mgmt.network (client) after azure.identity", "sdk", ours, ["azure.mgmt.network"],
            before=[BASELINE, "azure.identity"], note="what the SDK adds once azure-core is loaded")
    measure("azure.mgmt.network.models after azure.identity", "sdk", ours, ["azure.mgmt.network.models"],
            before=[BASELINE, "azure.identity"], note="the models alone (the client also loads every operation group)")
    measure("ARM pipeline without an SDK client, after azure.identity", "sdk", ours,
            ["azure.mgmt.core", "azure.mgmt.core.polling.arm_polling", "azure.core.rest", "azure.core.polling"],
            before=[BASELINE, "azure.identity"],
            note="ARMPipelineClient, ARMPolling, HttpRequest: what this collection's arm.py imports instead of the "
                 "SDK clients (the SDK rows stay for reference)")
    measure("azure.mgmt.avs (client)", "sdk", ours, ["azure.mgmt.avs"])
    measure("azure.mgmt.avs (client) after azure.identity", "sdk", ours, ["azure.mgmt.avs"],
            before=[BASELINE, "azure.identity"])
    modules = sorted({case.module.rsplit(".", 1)[1] for case in ALL_CASES if case.side == "ours"})
    sdks = {case.module.rsplit(".", 1)[1]: case.sdks for case in ALL_CASES if case.side == "ours"}
    for module in modules:
        measure(f"{module}: module code", "ours", ours, [OURS_PREFIX + module],
                note="the module and its module_utils, no Azure package")
        measure(f"{module}: everything", "ours", ours,
                [OURS_PREFIX + module] + list(OURS_RUNTIME) + list(sdks[module]),
                note="module code + " + ", ".join(list(OURS_RUNTIME) + list(sdks[module])))
    measure("azure_rm_common", "azure", azure, [AZURE_COMMON],
            note="azure.azcollection's shared module_utils (imports ~45 SDKs)")
    measure("azure_rm_expressroute_info: everything", "azure", azure,
            ["ansible_collections.azure.azcollection.plugins.modules.azure_rm_expressroute_info"])
    return {"repeats": repeats, "rows": rows, "python": {"ours": str(ours), "azure": str(azure)}}


def dump(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=1)
