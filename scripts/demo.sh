#!/usr/bin/env bash
# make demo: connect the lab's two on-premises sites to their AVS private
# clouds with playbooks/onprem_to_avs.yml, end to end, without an Azure account.
#
#   1. start the lab (local Azure Resource Manager emulator, default world)
#   2. onprem_to_avs.yml --check --diff: what would change (and prove nothing was written)
#   3. onprem_to_avs.yml: peering, Global Reach, connectivity check
#   4. audit.yml: read-only check of routes, BGP and drift (and prove nothing was written)
#   5. stop the lab (also on failure or Ctrl-C)
#
# Run through `make demo` (which builds .venv and .build/collections first).
# Logs: .build/demo-lab/*.log; reports: reports/demo/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON="$ROOT/.venv/bin/python"
PLAYBOOK="$ROOT/.venv/bin/ansible-playbook"
STATE_DIR="$ROOT/.build/demo-lab"
REPORT_DIR="$ROOT/reports/demo"
SITES="$ROOT/playbooks/vars/example_sites.yml"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-$ROOT/.build/collections}"
export ANSIBLE_LOCAL_TEMP="${ANSIBLE_LOCAL_TEMP:-$ROOT/.build/ansible-tmp}"
# Readable output: only what changes (with its diff) and what fails; each
# playbook's summary is printed after it. The full output is in the logs.
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=false ANSIBLE_DISPLAY_OK_HOSTS=false ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
export ANSIBLE_NOCOWS=1 ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-$([ -t 1 ] && echo 1 || echo 0)}"

step=0
current="preparing"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
begin() { step=$((step + 1)); current="$*"; say "Step $step: $*"; }
fail() { printf '\n\033[1;31merror: %s\033[0m\n' "$*" >&2; exit 1; }

for tool in "$PYTHON" "$PLAYBOOK"; do
    [ -x "$tool" ] || fail "$tool is missing; run 'make demo' (it builds .venv first)"
done
[ -f "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/hybridlink/expressroute/galaxy.yml" ] \
    || fail "the collection is not in $ANSIBLE_COLLECTIONS_PATH; run 'make demo' (it runs make collection-tree)"

stop_lab() {
    if [ -f "$STATE_DIR/lab.json" ]; then
        "$PYTHON" -m erlab stop --state-dir "$STATE_DIR" >/dev/null 2>&1 || true
    fi
}
on_exit() {
    status=$?
    stop_lab
    if [ "$status" -ne 0 ]; then
        printf '\n\033[1;31mDEMO FAILED during: %s (exit %s). Lab stopped; logs in %s\033[0m\n' \
            "$current" "$status" "${STATE_DIR#"$ROOT"/}" >&2
    fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# Writes and key reads the lab has answered so far (from its request log).
lab_writes() {
    "$PYTHON" - "$ERLAB_URL" "$REQUESTS_CA_BUNDLE" <<'PY'
import json, ssl, sys, urllib.request
url, ca = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(url + "/_lab/requests", context=ssl.create_default_context(cafile=ca)) as answer:
    log = json.load(answer)["value"]
print(sum(1 for entry in log if entry["kind"] == "write" or entry["path"].endswith("/listKeys")))
PY
}

# Run a playbook, showing its output and keeping a log of it; fail the demo on a non-zero exit.
run_playbook() {
    local log="$STATE_DIR/$1.log"
    shift
    if ! ANSIBLE_LOG_PATH="$log" "$PLAYBOOK" "$@"; then
        fail "ansible-playbook $* failed; see ${log#"$ROOT"/}"
    fi
}

# Print a report the playbook just wrote (fail if it did not).
show_report() {
    [ -s "$1" ] || fail "expected report ${1#"$ROOT"/} was not written"
    echo
    sed 's/^/    /' "$1"
}

begin "start the lab (Azure Resource Manager emulator, default world)"
stop_lab
rm -rf "$STATE_DIR" "$REPORT_DIR"
mkdir -p "$STATE_DIR" "$REPORT_DIR"
"$PYTHON" -m erlab serve --state-dir "$STATE_DIR" --port 0 --operation-seconds 0.5 --retry-after 1 --detach \
    > "$STATE_DIR/serve.log" || fail "the lab did not start; see ${STATE_DIR#"$ROOT"/}/server.log"
# Only the lab's credentials and endpoints: nothing from a real Azure login may leak in.
unset AZURE_CLIENT_SECRET AZURE_TENANT_ID AZURE_AD_USER AZURE_PASSWORD AZURE_CLIENT_CERTIFICATE_PATH \
    AZURE_CLIENT_CERTIFICATE_PASSWORD AZURE_PROFILE
# shellcheck disable=SC1091
source "$STATE_DIR/env.sh"
echo "Lab at $ERLAB_URL (state in ${STATE_DIR#"$ROOT"/}); sites: ${SITES#"$ROOT"/}"

begin "what would change: onprem_to_avs.yml --check --diff"
before=$(lab_writes)
run_playbook 1-check playbooks/onprem_to_avs.yml -e "@$SITES" -e "report_dir=$REPORT_DIR" --check --diff
after=$(lab_writes)
[ "$after" -eq "$before" ] || fail "check mode sent $((after - before)) write(s) or key read(s) to the lab"
show_report "$REPORT_DIR/onprem_to_avs.md"
echo "Check mode sent no write to the lab and read no key (the lab's request log says so)."

begin "connect: onprem_to_avs.yml (peering, Global Reach, connectivity check)"
run_playbook 2-connect playbooks/onprem_to_avs.yml -e "@$SITES" -e "report_dir=$REPORT_DIR"
show_report "$REPORT_DIR/onprem_to_avs.md"

begin "verify from the Azure side: audit.yml (routes, BGP sessions, drift; read-only)"
before=$(lab_writes)
run_playbook 3-audit playbooks/audit.yml -e "@$SITES" -e "report_dir=$REPORT_DIR" -e audit_fail_on_drift=true
after=$(lab_writes)
[ "$after" -eq "$before" ] || fail "the audit sent $((after - before)) write(s) or key read(s) to the lab"
show_report "$REPORT_DIR/audit.md"
echo "The audit sent no write to the lab and read no key."

current="checking the reports"
reports=("$REPORT_DIR/onprem_to_avs.md" "$REPORT_DIR"/connectivity-*.md "$REPORT_DIR/audit.md")
for report in "${reports[@]}"; do
    [ -s "$report" ] || fail "expected report $report was not written"
done
for report in "$REPORT_DIR"/connectivity-*.md; do
    grep -q 'Result: PASS' "$report" || fail "connectivity report $report does not say PASS"
done

say "Done: both sites are connected to AVS and verified (in the lab)"
echo "Reports:"
for report in "${reports[@]}"; do
    echo "  ${report#"$ROOT"/}"
done
echo "Logs:    ${STATE_DIR#"$ROOT"/}/{1-check,2-connect,3-audit}.log"
echo "Against real Azure: see playbooks/README.md. The lab stops now."
current="stopping the lab"
