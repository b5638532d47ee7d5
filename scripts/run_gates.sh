#!/usr/bin/env bash
# Run each quality gate named on the command line through make, keep going
# when one fails, and finish with a one-screen summary. Exit 1 if any failed.
set -u
cd "$(dirname "$0")/.."
logs=.build/logs
mkdir -p "$logs"
results=()
failed=0
for gate in "$@"; do
    echo "=== $gate"
    start=$(date +%s)
    if make --no-print-directory "$gate" >"$logs/$gate.log" 2>&1; then
        status=PASS
    else
        status=FAIL
        failed=1
        echo "--- last 40 lines of $logs/$gate.log"
        tail -n 40 "$logs/$gate.log"
    fi
    seconds=$(( $(date +%s) - start ))
    detail=$(python3 scripts/gate_detail.py "$gate" "$logs/$gate.log" 2>/dev/null || true)
    results+=("$(printf '%-10s %s %5ss  %s' "$gate" "$status" "$seconds" "$detail")")
    echo "$status $gate (${seconds}s) $detail"
done
echo
echo "================ summary ================"
printf '%s\n' "${results[@]}"
echo "logs: $logs/<gate>.log"
if [ "$failed" -ne 0 ]; then
    echo "RESULT: FAILED"
    exit 1
fi
echo "RESULT: all gates passed"
