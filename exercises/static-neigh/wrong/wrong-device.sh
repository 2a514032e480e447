# Right address and MAC, but on eth0: eth1 would still use ARP.
ip neigh add 10.50.0.1 lladdr 52:54:00:5c:01:01 dev eth0
