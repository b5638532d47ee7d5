#!/usr/bin/env bash
# Build the bench venv: `ansible` from PyPI (which ships azure.azcollection, the
# collection users have today), that collection's Python requirements, matplotlib
# for the plot, and the lab. Kept apart from the main .venv: azure.azcollection
# pins its own Azure SDK versions (azure-mgmt-network 28.x); this collection's modules run on .venv.
#
#   bash bench/setup-venv.sh [VENV_DIR] [PYTHON]
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$repo/.venv-bench}"
python="${2:-}"
if [[ -z "$python" ]]; then
    for candidate in "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.13.*/bin/python3.13 \
                     "$(command -v python3.13 || true)" "$(command -v python3.12 || true)"; do
        if [[ -x "$candidate" ]]; then python="$candidate"; break; fi
    done
fi
[[ -n "$python" ]] || { echo "Python 3.12 or 3.13 not found (pyenv or PATH)" >&2; exit 1; }

export PIP_DISABLE_PIP_VERSION_CHECK=1
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet -r "$repo/bench/requirements.txt" -e "$repo/lab"

azure_requirements="$("$venv/bin/python" - <<'PY'
import importlib.util, pathlib
spec = importlib.util.find_spec("ansible_collections.azure.azcollection")
print(pathlib.Path(list(spec.submodule_search_locations)[0]) / "requirements.txt")
PY
)"
echo "installing azure.azcollection's requirements from $azure_requirements"
if ! "$venv/bin/pip" install --quiet -r "$azure_requirements"; then
    # azure_rm_common imports ~45 SDKs in one try block: any missing one disables
    # every module, so a partial install cannot run azure_rm_expressroute_info.
    echo "the full azure.azcollection requirements did not install; the azure reference will be skipped" >&2
    touch "$venv/.azure-incomplete"
fi
touch "$venv/.installed"
