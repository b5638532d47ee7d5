"""The hybridlink.expressroute bench: speed, memory and requests against the floor and azure.azcollection."""
