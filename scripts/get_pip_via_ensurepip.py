"""Stand-in for the get-pip bootstrap script that ansible-test downloads.

ansible-test fetches get-pip.py from a host that is unreachable here, but it
first looks for a cached copy under ~/.ansible/test/cache/. The Makefile
installs this file there. It bootstraps pip from the interpreter's own
ensurepip and then installs what ansible-test asked for from the configured
package index.

ansible-test runs it through runpy with get-pip's command line: pip options
plus requirement specifiers, and the get-pip-only flags --no-setuptools and
--no-wheel, which plain pip does not know.
"""

import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY_FLAGS = {"--no-setuptools", "--no-wheel"}


def main():
    # ensurepip points PIP_CONFIG_FILE at /dev/null while it runs; keep the
    # machine's pip configuration (index, certificates) for the real install.
    saved_environment = dict(os.environ)
    ensurepip.bootstrap(upgrade=True)
    os.environ.clear()
    os.environ.update(saved_environment)
    arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS]
    command = [sys.executable, "-m", "pip", "install"] + arguments
    sys.exit(subprocess.call(command, env=saved_environment))


if __name__ == "__main__":
    main()
