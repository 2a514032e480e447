# A rule without "from" matches every packet, so all traffic now leaves through the rail.
ip route add default via 10.50.0.2 dev eth1 table 100
ip rule add lookup 100 priority 100
