# Everything configured, but the VRF device itself was left down.
ip link add vrf-blue type vrf table 100
ip link set eth1 master vrf-blue
ip route add 10.51.0.0/16 via 10.50.0.1 vrf vrf-blue
