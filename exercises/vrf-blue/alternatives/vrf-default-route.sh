# A default route inside the VRF instead of a route to 10.51.0.0/16: the lab router knows the rest.
ip link add vrf-blue type vrf table 100
ip link set eth1 master vrf-blue
ip link set vrf-blue up
ip route add default via 10.50.0.1 vrf vrf-blue
