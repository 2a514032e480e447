# The fault: the client's address has a /16 mask, so 10.0.2.2 looks like a neighbour on its own link.
ip -n client addr del 10.0.1.2/24 dev eth0
ip -n client addr add 10.0.1.2/16 dev eth0
ip -n client route add default via 10.0.1.1
