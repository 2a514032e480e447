ip -n client addr del 10.0.1.2/16 dev eth0
ip -n client addr add 10.0.1.2/24 dev eth0
# The default route went with the old address: its gateway was reachable only through it.
ip -n client route add default via 10.0.1.1
