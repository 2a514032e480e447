# The VRF uses table 10, not 100.
ip link add vrf-blue type vrf table 10
ip link set vrf-blue up
ip link set eth1 master vrf-blue
ip route add 10.51.0.0/16 via 10.50.0.1 vrf vrf-blue
