# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interrupted runs: kill ansible-playbook mid-run, rerun, and the world converges with nothing orphaned.

The run is watched through the lab's request log and its whole process group
(controller and module processes) is killed, with SIGKILL or SIGTERM, the
moment a chosen request reaches Azure: a write still in flight, a key just
created or just read but not used yet, a Global Reach connection being made.
Each kill is followed by a rerun that is killed at a later point, so one
test goes through every point; the last rerun runs to the end. Then the world
must hold exactly what one uninterrupted run makes: every field of every
peering, one authorization per private cloud and in use (no orphaned keys),
each Global Reach connection up with that authorization's key.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from interruptions import E2E_POINTS, interrupt_then_finish
from world import E2E_PLAYBOOK, E2E_SITES, e2e_problems


def test_the_end_to_end_playbook_killed_at_three_points_converges_on_rerun(world, playbooks, workdir, ledger):
    options = dict(extra_vars={'report_dir': str(workdir / 'reports')}, inventory='localhost,')
    options['extra_vars'].update(_sites())
    interrupt_then_finish('onprem_to_avs.yml', E2E_PLAYBOOK, E2E_POINTS, e2e_problems, world, playbooks, workdir,
                          ledger, **options)


def _sites():
    import yaml
    with open(E2E_SITES) as handle:
        return yaml.safe_load(handle)
