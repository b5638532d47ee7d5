# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""SDK clients, built lazily so that a module imports only the SDK it uses."""

from collections import namedtuple

SdkPackage = namedtuple('SdkPackage', ['pip_name', 'minimum', 'module', 'client_class'])

NETWORK_SDK = SdkPackage('azure-mgmt-network', '33.1.0', 'azure.mgmt.network', 'NetworkManagementClient')
AVS_SDK = SdkPackage('azure-mgmt-avs', '10.1.0', 'azure.mgmt.avs', 'AVSClient')


class MissingSdkError(Exception):
    """A Python package the module needs is not installed where it runs."""

    def __init__(self, package, error):
        super(MissingSdkError, self).__init__(
            "the Python package %s (>= %s) is required on the host that runs this module "
            "(pip install '%s>=%s'): %s" % (package.pip_name, package.minimum, package.pip_name, package.minimum, error))
        self.package = package


def import_sdk_client(package):
    """The SDK's client class, or MissingSdkError naming the pip package."""
    import importlib
    try:
        return getattr(importlib.import_module(package.module), package.client_class)
    except ImportError as error:
        raise MissingSdkError(package, error)


def import_models(package):
    """The SDK's models module (azure.mgmt.<x>.models)."""
    import importlib
    try:
        return importlib.import_module(package.module + '.models')
    except ImportError as error:
        raise MissingSdkError(package, error)


def require_identity():
    try:
        import azure.identity  # noqa: F401  pylint: disable=unused-import
    except ImportError as error:
        raise MissingSdkError(SdkPackage('azure-identity', '1.27.0', 'azure.identity', None), error)


def build_client(package, credential, subscription_id, endpoints, ca_bundle=None):
    """One management client for this module run, pointed at the cloud's Resource Manager."""
    client_class = import_sdk_client(package)
    options = dict(
        base_url=endpoints.resource_manager,
        credential_scopes=[endpoints.audience + '.default'],
    )
    if ca_bundle:
        options['connection_verify'] = ca_bundle
    return client_class(credential, subscription_id, **options)
