#!/usr/bin/env bash
# make demo: connect the lab's on-premises sites to their AVS private clouds
# with playbooks/onprem_to_avs.yml, end to end, without an Azure account: two
# Generation 1 clouds through Global Reach and one Generation 2 cloud through an
# ExpressRoute gateway the run creates in its virtual network (a mixed fleet).
# Creating a gateway takes tens of minutes in Azure; the demo's lab makes it
# DEMO_GATEWAY_SECONDS (default 3) so the whole demo runs in a minute or two.
#
#   1. start the lab (local Azure Resource Manager emulator, default world), with
#      real FRR BGP speakers as Microsoft's edge routers and as each site's
#      on-premises router when it can (root + FRR; FRR is installed when missing)
#   2. onprem_to_avs.yml --check --diff: what would change (and prove nothing was written)
#   3. onprem_to_avs.yml: peering, Global Reach (Generation 1) or gateway, key and
#      connection (Generation 2), the edge router's configuration, the check from
#      both ends of every link
#   4. audit.yml: read-only check of routes, BGP and drift (and prove nothing was written)
#   5. the tutorial's last screen: the on-premises router shows the AVS networks
#   6. stop the lab (also on failure or Ctrl-C)
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
# The Makefile's path may list the vendor collections after this one (edge_router's optional renders).
[ -f "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/hybridlink/expressroute/galaxy.yml" ] \
    || fail "the collection is not in ${ANSIBLE_COLLECTIONS_PATH%%:*}; run 'make demo' (it runs make collection-tree)"

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

# GET one of the lab's /_lab endpoints and print the JSON answer (or, with a jq-like path, one value).
lab_get() {
    "$PYTHON" - "$ERLAB_URL" "$REQUESTS_CA_BUNDLE" "$1" "${2:-}" <<'PY'
import json, ssl, sys, urllib.request
url, ca, path, key = sys.argv[1:5]
with urllib.request.urlopen(url + path, context=ssl.create_default_context(cafile=ca)) as answer:
    data = json.load(answer)
print(data.get(key, "") if key else json.dumps(data))
PY
}

# POST a JSON body to one of the lab's /_lab endpoints.
lab_post() {
    "$PYTHON" - "$ERLAB_URL" "$REQUESTS_CA_BUNDLE" "$1" "$2" <<'PY'
import ssl, sys, urllib.request
url, ca, path, body = sys.argv[1:5]
request = urllib.request.Request(url + path, data=body.encode(), headers={"Content-Type": "application/json"}, method="POST")
urllib.request.urlopen(request, context=ssl.create_default_context(cafile=ca)).read()
PY
}

# Run a `show` command on the lab's on-premises router of a circuit (by name) and print its output.
ce_show() {
    "$PYTHON" - "$ERLAB_URL" "$REQUESTS_CA_BUNDLE" "$1" "$2" <<'PY'
import json, ssl, sys, urllib.parse, urllib.request
url, ca, circuit, command = sys.argv[1:5]
context = ssl.create_default_context(cafile=ca)
with urllib.request.urlopen(url + "/_lab/edge", context=context) as answer:
    sites = [site for site in json.load(answer)["sites"] if site["circuit_name"] == circuit]
if not sites:
    sys.exit("no edge site for circuit %s in the lab" % circuit)
request = urllib.request.Request(
    url + "/_lab/edge/ce/show?circuit_id=" + urllib.parse.quote(sites[0]["circuit_id"], safe=""),
    data=json.dumps({"command": command}).encode(), headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, context=context) as answer:
    print(json.load(answer)["output"].rstrip())
PY
}

# The edge emulation needs root (network namespaces, BGP's port 179) and FRR.
# As root, FRR is installed when missing; otherwise say what is skipped and why.
edge_skip=""
if [ "$(id -u)" -ne 0 ]; then
    edge_skip="not running as root (the lab's FRR routers need network namespaces and port 179)"
elif [ ! -x /usr/lib/frr/bgpd ] || ! command -v vtysh >/dev/null 2>&1; then
    begin "install FRR (Debian frr: the lab's BGP speakers and the on-premises router)"
    mkdir -p "$STATE_DIR"
    if command -v apt-get >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends frr \
            > "$STATE_DIR/apt-frr.log" 2>&1; then
        echo "FRR installed (log: ${STATE_DIR#"$ROOT"/}/apt-frr.log)."
    else
        edge_skip="FRR is not installed and 'apt-get install -y --no-install-recommends frr' failed (see ${STATE_DIR#"$ROOT"/}/apt-frr.log)"
    fi
fi

begin "start the lab (Azure Resource Manager emulator, default world)"
stop_lab
rm -rf "$STATE_DIR" "$REPORT_DIR"
mkdir -p "$STATE_DIR" "$REPORT_DIR"
"$PYTHON" -m erlab serve --state-dir "$STATE_DIR" --port 0 --operation-seconds 0.5 --retry-after 1 --detach \
    --edge "$([ -n "$edge_skip" ] && echo synthetic || echo auto)" \
    > "$STATE_DIR/serve.log" || fail "the lab did not start; see ${STATE_DIR#"$ROOT"/}/server.log"
# Only the lab's credentials and endpoints: nothing from a real Azure login may leak in.
unset AZURE_CLIENT_SECRET AZURE_TENANT_ID AZURE_AD_USER AZURE_PASSWORD AZURE_CLIENT_CERTIFICATE_PATH \
    AZURE_CLIENT_CERTIFICATE_PASSWORD AZURE_PROFILE
# shellcheck disable=SC1091
source "$STATE_DIR/env.sh"
echo "Lab at $ERLAB_URL (state in ${STATE_DIR#"$ROOT"/}); sites: ${SITES#"$ROOT"/}"
# The lab's gateway create/delete lasts gateway_operation_seconds (20 s by default; tens of minutes in Azure).
GATEWAY_SECONDS="${DEMO_GATEWAY_SECONDS:-3}"
lab_post /_lab/settings "{\"gateway_operation_seconds\": $GATEWAY_SECONDS}"
echo "Creating an ExpressRoute gateway takes tens of minutes in Azure; this lab takes ${GATEWAY_SECONDS} s (DEMO_GATEWAY_SECONDS)."
edge_mode=$(lab_get /_lab/edge mode)
if [ "$edge_mode" = bgp ]; then
    EDGE_TARGET=lab
    echo "Edge emulation: real FRR BGP speakers play Microsoft's edge routers and each site's on-premises router."
else
    EDGE_TARGET=rendered
    [ -n "$edge_skip" ] || edge_skip=$(lab_get /_lab/edge reason)
    printf '\033[1;33mEdge emulation skipped: %s.\033[0m\n' "$edge_skip"
    echo "The lab answers with its synthetic route tables; the edge routers' configuration is rendered, not run."
fi

# The example sites with an MD5 key per private peering, made for this run only (never printed): the peering and
# the on-premises router get the same key, so the sessions come up authenticated.
SITES_WITH_KEYS="$STATE_DIR/sites.yml"
"$PYTHON" - "$SITES" "$SITES_WITH_KEYS" <<'PY'
import secrets, sys, yaml
with open(sys.argv[1]) as handle:
    data = yaml.safe_load(handle)
for site in data["sites"]:
    if "private_peering" in site:
        site["private_peering"]["shared_key"] = secrets.token_urlsafe(18)
with open(sys.argv[2], "w") as handle:
    yaml.safe_dump(data, handle, sort_keys=False)
PY
chmod 600 "$SITES_WITH_KEYS"
SITES_ARGS=(-e "@$SITES_WITH_KEYS" -e "report_dir=$REPORT_DIR" -e "edge_target=$EDGE_TARGET")

begin "what would change: onprem_to_avs.yml --check --diff"
before=$(lab_writes)
run_playbook 1-check playbooks/onprem_to_avs.yml "${SITES_ARGS[@]}" --check --diff
after=$(lab_writes)
[ "$after" -eq "$before" ] || fail "check mode sent $((after - before)) write(s) or key read(s) to the lab"
show_report "$REPORT_DIR/onprem_to_avs.md"
echo "Check mode sent no write to the lab and read no key (the lab's request log says so)."

begin "connect: onprem_to_avs.yml (peering, Global Reach or Gen 2 gateway and connection, edge router, check from both ends)"
run_playbook 2-connect playbooks/onprem_to_avs.yml "${SITES_ARGS[@]}"
show_report "$REPORT_DIR/onprem_to_avs.md"

begin "verify from the Azure side: audit.yml (routes, BGP sessions, drift; read-only)"
before=$(lab_writes)
run_playbook 3-audit playbooks/audit.yml "${SITES_ARGS[@]}" -e audit_fail_on_drift=true
after=$(lab_writes)
[ "$after" -eq "$before" ] || fail "the audit sent $((after - before)) write(s) or key read(s) to the lab"
show_report "$REPORT_DIR/audit.md"
echo "The audit sent no write to the lab and read no key."

current="checking the reports"
reports=("$REPORT_DIR/onprem_to_avs.md" "$REPORT_DIR"/connectivity-*.md "$REPORT_DIR/audit.md")
shopt -s nullglob
pictures=("$REPORT_DIR"/connectivity-*-topology.svg)
shopt -u nullglob
for report in "${reports[@]}"; do
    [ -s "$report" ] || fail "expected report $report was not written"
done
for report in "$REPORT_DIR"/connectivity-*.md; do
    grep -q 'Result: PASS' "$report" || fail "connectivity report $report does not say PASS"
    if [ "$EDGE_TARGET" = lab ]; then
        [ "$(grep -c 'Both ends: \*\*Established\*\*' "$report")" -eq 2 ] \
            || fail "connectivity report $report does not show both links Established from both ends"
    fi
done

# The Generation 2 site took the gateway path, not Global Reach.
gen2_report="$REPORT_DIR/connectivity-er-sv-primary-avs-westus-gen2.md"
grep -q 'Gateway connection is Connected' "$gen2_report" \
    || fail "the Generation 2 site's report ${gen2_report#"$ROOT"/} does not show its gateway connection Connected"
say "Generation 2 path of avs-westus-gen2 (no Global Reach: gateway in its VNet, connection to er-sv-primary)"
grep -E '^Generation 2 path|^The gateway learned|Gateway (connection|learns)' "$gen2_report" | sed 's/^/    /'

say "Done: every site is connected to AVS and verified (in the lab), Generation 1 and Generation 2"
echo "Reports:"
for report in "${reports[@]}" "${pictures[@]}"; do
    echo "  ${report#"$ROOT"/}"
done
[ "${#pictures[@]}" -gt 0 ] || echo "  (no topology pictures: Graphviz dot is not installed; apt-get install graphviz)"
echo "Logs:    ${STATE_DIR#"$ROOT"/}/{1-check,2-connect,3-audit}.log"

if [ "$EDGE_TARGET" = lab ]; then
    begin "verify on-premises connectivity: the on-premises edge routers (FRR in the lab) now see AVS"
    say "both ends of each link, as the report of er-sv-primary shows them"
    sed -n '/^## Primary link/,/^BGP neighbors (as Azure/p;/^## Secondary link/,/^BGP neighbors (as Azure/p' \
        "$REPORT_DIR/connectivity-er-sv-primary-avs-westus-prod.md" | grep -v '^BGP neighbors (as Azure' | sed 's/^/    /'
    for circuit in $("$PYTHON" -c 'import json, sys; print(" ".join(s["circuit_name"] for s in json.load(sys.stdin)["sites"]))' \
                     <<<"$(lab_get /_lab/edge)"); do
        say "on-premises router of $circuit: show bgp ipv4 unicast"
        ce_show "$circuit" "show bgp ipv4 unicast" | sed 's/^/    /' | tee "$STATE_DIR/ce-$circuit.txt"
        grep -q '12076' "$STATE_DIR/ce-$circuit.txt" \
            || fail "the on-premises router of $circuit learned no route from Microsoft's edge (AS 12076)"
    done
    echo
    echo "The AVS management networks and NSX segments arrive over both links, AS path 12076 (Microsoft) then AVS,"
    echo "on sessions authenticated with the peering's MD5 key. The Generation 2 cloud's virtual network (and its NSX"
    echo "segments) arrive on er-sv-primary with AS path 12076 then 65515: its ExpressRoute gateway, not Global Reach."
else
    say "Edge emulation was skipped ($edge_skip): the on-premises routers' configuration is rendered in reports/demo/edge-*.conf"
fi
echo "Against real Azure: see playbooks/README.md. The lab stops now."
current="stopping the lab"
