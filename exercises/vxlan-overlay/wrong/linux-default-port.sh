# No dstport: Linux falls back to 8472, the port it used before IANA assigned 4789. Both ends
# agree, so the ping passes, but no other vendor's VTEP would hear it.
ip -n site1 link add vxlan0 type vxlan id "$VNI" local 172.16.1.2 remote 172.16.2.2 dev eth0
ip -n site2 link add vxlan0 type vxlan id "$VNI" local 172.16.2.2 remote 172.16.1.2 dev eth0
ip -n site1 addr add "$SITE1_ADDR" dev vxlan0
ip -n site2 addr add "$SITE2_ADDR" dev vxlan0
ip -n site1 link set vxlan0 up
ip -n site2 link set vxlan0 up
