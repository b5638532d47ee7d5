# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the test suites and the bench share to run this collection against the lab.

ansible_run: this checkout as an importable collection tree, the environment
a run gets, the ansible-playbook command line, and the result of one run.
wait: polling with a deadline.
"""
