# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Resource Manager client of a module run, and a clear message when a package it needs is missing."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, NamedTuple, Optional


class SdkPackage(NamedTuple):
    """A Python package a module imports: its pip name, the lowest version tested, and the module to import."""

    pip_name: str
    minimum: str
    module: str


IDENTITY = SdkPackage('azure-identity', '1.27.0', 'azure.identity')
# The client-secret credential uses MSAL alone; MSAL is installed with azure-identity, the package to name.
MSAL = SdkPackage('azure-identity', '1.27.0', 'msal')
# azure-mgmt-core 1.6.0 requires azure-core >= 1.32.0.
CORE = SdkPackage('azure-core', '1.32.0', 'azure.core.pipeline')
MGMT_CORE = SdkPackage('azure-mgmt-core', '1.6.0', 'azure.mgmt.core')


class MissingSdkError(Exception):
    """A Python package the module needs is not installed where it runs."""

    def __init__(self, package: SdkPackage, error: ImportError) -> None:
        super(MissingSdkError, self).__init__(
            "the Python package %s (>= %s) is required on the host that runs this module "
            "(pip install '%s>=%s'): %s" % (package.pip_name, package.minimum, package.pip_name, package.minimum, error))
        self.package = package


def require(package: SdkPackage) -> None:
    """Import the package's module, or MissingSdkError naming the pip package."""
    import importlib
    try:
        importlib.import_module(package.module)
    except ImportError as error:
        raise MissingSdkError(package, error)


def require_identity(method: Optional[str] = None) -> None:
    """What the credential for this sign-in method imports (credentials.resolve_method)."""
    require(MSAL if method == 'service_principal' else IDENTITY)


def build_client(credential: Any, endpoints: Any, ca_bundle: Optional[str] = None,
                 throttle_seconds: Optional[float] = None) -> Any:
    """The one Resource Manager client of this module run, pointed at the cloud's Resource Manager."""
    require(CORE)
    require(MGMT_CORE)
    from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import ArmClient
    options = {} if throttle_seconds is None else dict(throttle_seconds=throttle_seconds)
    return ArmClient(credential, endpoints.resource_manager, [endpoints.audience + '.default'], ca_bundle, **options)
