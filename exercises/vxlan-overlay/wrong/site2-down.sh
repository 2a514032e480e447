# site2's vxlan0 is configured but never brought up.
ip -n site1 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.1.2 remote 172.16.2.2 dev eth0
ip -n site2 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.2.2 remote 172.16.1.2 dev eth0
ip -n site1 addr add "$SITE1_ADDR" dev vxlan0
ip -n site2 addr add "$SITE2_ADDR" dev vxlan0
ip -n site1 link set vxlan0 up
