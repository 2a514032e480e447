ip addr add 10.50.0.10/16 dev eth1
ip link set eth1 up
