# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.clients import (
    CORE, IDENTITY, MGMT_CORE, MissingSdkError, SdkPackage, require)


@pytest.mark.parametrize('package, pip_name', [
    (IDENTITY, 'azure-identity'),
    (CORE, 'azure-core'),
    (MGMT_CORE, 'azure-mgmt-core'),
])
def test_each_runtime_package_is_named_by_its_pip_name(package, pip_name):
    assert package.pip_name == pip_name


def test_require_names_the_pip_package_and_its_minimum():
    missing = SdkPackage('example-missing', '1.2.3', 'hybridlink_no_such_module')
    with pytest.raises(MissingSdkError) as raised:
        require(missing)
    assert "pip install 'example-missing>=1.2.3'" in str(raised.value)
    assert raised.value.package is missing


def test_require_passes_when_the_module_imports():
    require(SdkPackage('standard-library', '0', 'json'))
