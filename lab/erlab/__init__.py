"""erlab: a local Azure Resource Manager emulator for ExpressRoute and AVS."""

__version__ = "0.1.0"
