"""pytest fixtures: `lab` (one fast lab per session) and `fresh_lab_world` (clean slate per test).

Enable with `-p erlab.pytest_plugin` or `pytest_plugins = ["erlab.pytest_plugin"]`.
"""

from __future__ import annotations

import pytest

from .testing import LabServer

# Fast, but every phase still exists: operations take a moment, and a new Global
# Reach link is Connecting for half a second after its operation Succeeded. That
# delay is opt-in (the lab's default is 0, as the evidence shows): these fixtures
# turn it on so every module run exercises its bounded wait for Connected.
FAST_SETTINGS = {"operation_seconds": 0.2, "retry_after": 1, "connect_seconds": 0.5}
# Virtual network gateways keep a create/delete longer than other writes, scaled down like the rest.
FAST_GATEWAY_SETTINGS = {"gateway_operation_seconds": 1.0}


@pytest.fixture(scope="session")
def lab():
    with LabServer(**FAST_SETTINGS) as server:
        yield server


@pytest.fixture
def fresh_lab_world(lab):
    """Reset the world to the default, clear log and faults, restore fast settings."""
    lab.admin.clear_faults()
    lab.admin.reset()
    lab.admin.settings(**_default_settings(lab))
    lab.admin.clear_log()
    yield lab
    lab.admin.clear_faults()


def _default_settings(lab) -> dict:
    from dataclasses import asdict

    from .settings import Settings

    defaults = asdict(Settings())
    defaults.update(FAST_SETTINGS)
    defaults.update(FAST_GATEWAY_SETTINGS)
    return defaults
