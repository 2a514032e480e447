# The table is filled but nothing sends traffic to it.
ip route add default via 10.50.0.2 dev eth1 table 100
