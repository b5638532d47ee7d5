"""Pull the one line that matters out of a gate's log for the summary."""

import re
import sys

PATTERNS = {
    "sanity": [r"Running sanity test '([^']+)'"],
    "units": [r"^=+ (.*(?:passed|failed|error).*) =+$"],
    "lab-tests": [r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$"],
    "integration": [r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$"],
    "awx": [r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$"],
    "reliability": [r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$"],
    "lab-clients": [r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$"],
    "docs": [r"^(docs/reference matches the collection.*)$"],
    "importer": [r"^(galaxy-importer: .*)$"],
    "lint": [r"^(Passed: .*|Failed: .*)$"],
    "molecule": [r"(Molecule executed \d+ scenario.*)$"],
    "build": [r"^(Created collection .*)$"],
}


def detail(gate, text):
    if gate == "sanity":
        tests = re.findall(PATTERNS["sanity"][0], text)
        return "%d sanity test runs" % len(tests) if tests else ""
    found = []
    for pattern in PATTERNS.get(gate, []):
        found += [m if isinstance(m, str) else m[0] for m in re.findall(pattern, text, re.M)]
    if gate == "units":
        return "; ".join(found)
    return found[-1] if found else ""


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8", errors="replace") as log:
        print(detail(sys.argv[1], log.read()))
