# Configured live, nothing written down: gone after ifdown/ifup (or a reboot).
ip addr add 10.50.0.10/16 dev eth1
ip link set eth1 up
ip route add 10.51.0.0/16 via 10.50.0.1
