# The overlay addresses on the underlay ports, routed by core: they reach each other, but
# nothing is encapsulated, and core now knows the overlay's addresses.
ip -n site1 link add vxlan0 type vxlan id 42 dstport 4789 local 172.16.1.2 remote 172.16.2.2 dev eth0
ip -n site2 link add vxlan0 type vxlan id 42 dstport 4789 local 172.16.2.2 remote 172.16.1.2 dev eth0
ip -n site1 addr add 10.42.0.1/32 dev eth0
ip -n site2 addr add 10.42.0.2/32 dev eth0
ip -n site1 route add 10.42.0.0/24 via 172.16.1.1 src 10.42.0.1
ip -n site2 route add 10.42.0.0/24 via 172.16.2.1 src 10.42.0.2
ip -n core route add 10.42.0.1 via 172.16.1.2
ip -n core route add 10.42.0.2 via 172.16.2.2
