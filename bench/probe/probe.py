"""Run a module's Python as a child and record its peak RSS, wall time and imports.

Used as the module interpreter in the bench's memory pass (through a small
wrapper script, since ansible_python_interpreter takes a single path):

    probe.py REAL_PYTHON ARGS...

The child is the real interpreter with `-X importtime`; its stdin and stdout
are Ansible's, its import-time lines go to the record and any other stderr is
passed on. One JSON line per run is appended to BENCH_PROBE_FILE, tagged with
BENCH_CASE (set as task environment).
"""

import json
import os
import subprocess
import sys
import tempfile
import time


def parse_importtime(lines):
    """Top-level imports {name: cumulative_us}, from `-X importtime` output (nested ones are inside them)."""
    top = {}
    for line in lines:
        parts = line[len('import time:'):].split('|')
        if len(parts) != 3 or 'cumulative' in parts[1]:
            continue
        name = parts[2][1:]          # one separator space, then two per nesting level
        if name.startswith(' '):
            continue
        top[name] = top.get(name, 0) + int(parts[1])
    return top


def main(argv):
    real, args = argv[1], argv[2:]
    record_path = os.environ.get('BENCH_PROBE_FILE')
    with tempfile.TemporaryFile(mode='w+b') as errors:
        started = time.perf_counter()
        child = subprocess.Popen([real, '-X', 'importtime'] + args, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        errors.seek(0)
        text = errors.read().decode('utf-8', 'replace').splitlines()
    timing = [line for line in text if line.startswith('import time:')]
    other = [line for line in text if not line.startswith('import time:')]
    if other:
        sys.stderr.write('\n'.join(other) + '\n')
    if record_path:
        top = parse_importtime(timing)
        with open(record_path, 'a') as record:
            record.write(json.dumps({
                'case': os.environ.get('BENCH_CASE', ''),
                'maxrss_kb': usage.ru_maxrss,
                'wall_s': wall,
                'cpu_s': usage.ru_utime + usage.ru_stime,
                'returncode': child.returncode,
                'import_us': sum(top.values()),
                'imports': top,
            }) + '\n')
    return child.returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv))
