ip link set eth1 up
ip link add dummy0 type dummy
ip link set dummy0 up
ip link add link eth1 name eth1.100 type vlan id 100
ip link set eth1.100 up
ip link add mv0 link eth1 type macvlan mode bridge
ip link set mv0 up
