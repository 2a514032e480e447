# A VRF and a table 100 route, but eth1 still belongs to the global table.
ip link add vrf-blue type vrf table 100
ip link set vrf-blue up
ip route add 10.51.0.0/16 via 10.50.0.1 dev eth1 table 100
