# The right route, but the hash left at L3 (addresses only): every flow to one address takes one path.
ip -n edge route add 198.18.0.0/24 nexthop via 10.0.1.2 weight 1 nexthop via 10.0.2.2 weight 1
