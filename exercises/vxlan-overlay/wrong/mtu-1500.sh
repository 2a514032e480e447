# No `dev eth0`: the device does not know its underlay port, so it keeps Ethernet's 1500, and a
# full-size inner packet becomes a 1550-byte outer one.
ip -n site1 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.1.2 remote 172.16.2.2
ip -n site2 link add vxlan0 type vxlan id "$VNI" dstport 4789 local 172.16.2.2 remote 172.16.1.2
ip -n site1 addr add "$SITE1_ADDR" dev vxlan0
ip -n site2 addr add "$SITE2_ADDR" dev vxlan0
ip -n site1 link set vxlan0 up
ip -n site2 link set vxlan0 up
