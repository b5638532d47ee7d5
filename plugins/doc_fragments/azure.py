# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    # Authentication, cloud and wait options shared by every module; carried
    # for all of them at once by module_defaults group/hybridlink.expressroute.azure.
    DOCUMENTATION = r'''
options:
  subscription_id:
    description:
      - Azure subscription that holds the resources.
      - Falls back to the E(AZURE_SUBSCRIPTION_ID) environment variable (set by the AWX/AAP Azure credential).
    type: str
  auth_method:
    description:
      - How to obtain an Azure AD token.
      - V(auto) uses a service principal when O(client_id) and O(secret) (or O(certificate_path)) are known,
        and otherwise the azure-identity default chain (environment, workload identity, managed identity, Azure CLI).
      - V(service_principal) needs O(tenant), O(client_id) and O(secret).
      - V(certificate) needs O(tenant), O(client_id) and O(certificate_path).
      - V(managed_identity) uses the host's managed identity; O(client_id) selects a user-assigned identity.
      - V(cli) uses the login of the Azure CLI (C(az login)) on the host that runs the module.
      - V(default_chain) uses azure-identity's C(DefaultAzureCredential) as is.
    type: str
    default: auto
    choices: [auto, service_principal, certificate, managed_identity, cli, default_chain]
  tenant:
    description:
      - Azure AD tenant (directory) ID of the service principal.
      - Falls back to E(AZURE_TENANT) (AWX/AAP) and then E(AZURE_TENANT_ID) (azure-identity).
    type: str
  client_id:
    description:
      - Application (client) ID of the service principal, or of a user-assigned managed identity.
      - Falls back to E(AZURE_CLIENT_ID).
    type: str
  secret:
    description:
      - Client secret of the service principal. Never logged or returned.
      - Falls back to E(AZURE_SECRET) (AWX/AAP) and then E(AZURE_CLIENT_SECRET) (azure-identity).
    type: str
  certificate_path:
    description:
      - PEM or PKCS12 file holding the service principal's certificate and private key.
      - When the certificate is used, the file must exist and be readable; this is checked before any request.
      - Falls back to E(AZURE_CLIENT_CERTIFICATE_PATH).
    type: path
  certificate_password:
    description:
      - Password of O(certificate_path), if it has one. Never logged or returned.
      - Falls back to E(AZURE_CLIENT_CERTIFICATE_PASSWORD).
    type: str
  cloud_environment:
    description:
      - The Azure cloud by name (V(AzureCloud), V(AzureChinaCloud), V(AzureUSGovernment)), or the https URL of
        a cloud whose endpoints are read from C(<url>/metadata/endpoints) (Azure Stack Hub, or the project's lab).
      - Falls back to E(AZURE_CLOUD_ENVIRONMENT) (AWX/AAP) and then V(AzureCloud).
    type: str
  ca_bundle:
    description:
      - PEM file of certificate authorities to trust for TLS to Azure Resource Manager and the login endpoint,
        for TLS-inspecting proxies and private clouds.
      - When set, the file (or a directory of hashed certificates) must exist and be readable; this is checked
        before any request.
      - When unset, E(REQUESTS_CA_BUNDLE) is honoured, and otherwise the system store is used.
    type: path
  operation_timeout:
    description:
      - Longest time, in seconds, to wait for one Azure long-running operation (and for its retries after
        C(AnotherOperationInProgress)) before the module gives up with a clear message.
      - The operation may still finish in Azure after the module gives up; a rerun picks up its result.
      - Must be a positive number; zero or a negative value is refused before any request.
    type: int
    default: 1800
requirements:
  - azure-identity >= 1.27.0
  - azure-mgmt-core >= 1.6.0
notes:
  - Requires the Python packages listed in the collection's C(requirements.txt) on the host that runs
    the module (the controller for C(connection=local), or the execution environment).
'''
