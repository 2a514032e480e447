# The VRF's routes addressed by its table number, eth1 moved with the "vrf" keyword, and the
# table closed with an unreachable default so that nothing falls through to main.
ip link add name vrf-blue type vrf table 100
ip link set dev eth1 vrf vrf-blue
ip link set dev vrf-blue up
ip route add unreachable default metric 4278198272 table 100
ip route add 10.51.0.0/16 via 10.50.0.1 dev eth1 table 100
