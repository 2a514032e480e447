# The overlay addresses on the underlay ports, routed by core: they reach each other, but
# nothing is encapsulated, and core now knows the overlay's addresses.
ip -n site1 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.1.2 remote 172.16.2.2 dev eth0
ip -n site2 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.2.2 remote 172.16.1.2 dev eth0
ip -n site1 addr add "$SITE1_IP/32" dev eth0
ip -n site2 addr add "$SITE2_IP/32" dev eth0
ip -n site1 route add "$OVERLAY" via 172.16.1.1 src "$SITE1_IP"
ip -n site2 route add "$OVERLAY" via 172.16.2.1 src "$SITE2_IP"
ip -n core route add "$SITE1_IP" via 172.16.1.2
ip -n core route add "$SITE2_IP" via 172.16.2.2
