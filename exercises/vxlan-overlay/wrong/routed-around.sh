# The overlay is built, but host routes through core carry the ping beside it, unencapsulated.
ip -n site1 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.1.2 remote 172.16.2.2 dev eth0
ip -n site2 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.2.2 remote 172.16.1.2 dev eth0
ip -n site1 addr add "$SITE1_ADDR" dev vxlan0
ip -n site2 addr add "$SITE2_ADDR" dev vxlan0
ip -n site1 link set vxlan0 up
ip -n site2 link set vxlan0 up
ip -n site1 route add "$SITE2_IP/32" via 172.16.1.1
ip -n site2 route add "$SITE1_IP/32" via 172.16.2.1
ip -n core route add "$SITE2_IP/32" via 172.16.2.2
ip -n core route add "$SITE1_IP/32" via 172.16.1.2
