ip link add bond0 type bond mode active-backup miimon 100
ip link set eth2 master bond0
ip link set eth3 master bond0
ip addr add 192.168.50.10/24 dev bond0
ip link set bond0 up
