"""The edge: real FRR BGP speakers playing Microsoft's edge routers (MSEE) and the customer's router (CE).

One network namespace per circuit that has an on-premises router configured
(a "site"); every link address sits on that namespace's loopback. Each
configured peering link gets its own FRR bgpd (AS 12076, the second usable
address); the CE is one more bgpd, fed the routing part of the configuration
the collection applies. Nothing here speaks BGP itself: FRR does.

capability  can this machine run it (root, FRR, `ip netns`)?
namespaces  create/delete a circuit's namespace, put addresses on its loopback
daemons     start/stop bgpd by pid file, ask vtysh
msee        render an MSEE's configuration from ARM state
ce          parse the CE's configuration, play the cable (VLAN + address rule)
desired     what the MSEEs of each site should be, read from ARM state
speakers    read a speaker's state through vtysh JSON
manager     the sites, the reconcile loop, faults and teardown
tables      the ARM route/ARP/summary tables from the speakers
admin       the /_lab/edge control endpoints
"""
