#!/usr/bin/env bash
# The vendor network collections the edge_router role renders with (cisco.ios, arista.eos,
# junipernetworks.junos and what they need: ansible.netcommon, ansible.utils), for tests and lint.
#
#   scripts/vendor_collections.sh <venv bin directory> <destination>
#
# Galaxy is not reachable from CI, but these collections ship inside the `ansible` package on
# PyPI. Installing that package would add ~440 MB and ~20 s to every venv; instead the wheels are
# downloaded (pip's cache makes this instant after the first time) and only the five collections
# are unpacked, without their tests (~17 MB, about 2 s). junipernetworks.junos left the `ansible` package in
# version 14, so it comes from 13.8.0, the last release that ships it. Users install them from
# Galaxy with requirements.yml instead.
set -euo pipefail

BIN=$1
DEST=$2
ANSIBLE_WITH_MOST=ansible==14.5.0
ANSIBLE_WITH_JUNOS=ansible==13.8.0

WHEELS=$(mktemp -d)
trap 'rm -rf "$WHEELS"' EXIT
"$BIN/pip" download --quiet --no-deps --dest "$WHEELS/most" "$ANSIBLE_WITH_MOST"
"$BIN/pip" download --quiet --no-deps --dest "$WHEELS/junos" "$ANSIBLE_WITH_JUNOS"

rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp"
# Python's zipfile rather than unzip, which a fresh CI machine may not have.
unpack() {
    "$BIN/python" - "$DEST.tmp" "$@" <<'PY'
import sys, zipfile
dest, wheel, collections = sys.argv[1], sys.argv[2], sys.argv[3:]
prefixes = tuple("ansible_collections/%s/" % collection for collection in collections)
with zipfile.ZipFile(wheel) as archive:
    members = [name for name in archive.namelist() if name.startswith(prefixes) and "/tests/" not in name]
    missing = [prefix for prefix in prefixes if not any(name.startswith(prefix) for name in members)]
    if missing:
        sys.exit("%s does not ship %s" % (wheel, ", ".join(missing)))
    archive.extractall(dest, members)
PY
}
unpack "$WHEELS"/most/ansible-*.whl cisco/ios arista/eos ansible/netcommon ansible/utils
unpack "$WHEELS"/junos/ansible-*.whl junipernetworks/junos
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
