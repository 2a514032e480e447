# eth1 is in the VRF, but the route went into main. Pings from the VRF still work, because an
# unmatched VRF lookup falls through to main: a route leak, not a VRF route.
ip link add vrf-blue type vrf table 100
ip link set vrf-blue up
ip link set eth1 master vrf-blue
ip route add 10.51.0.0/16 via 10.50.0.1 dev eth1
