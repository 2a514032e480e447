# No `dev eth0`: the device does not know its underlay port, so it keeps Ethernet's 1500, and a
# full-size inner packet becomes a 1550-byte outer one.
ip -n site1 link add vxlan0 type vxlan id 42 dstport 4789 local 172.16.1.2 remote 172.16.2.2
ip -n site2 link add vxlan0 type vxlan id 42 dstport 4789 local 172.16.2.2 remote 172.16.1.2
ip -n site1 addr add 10.42.0.1/24 dev vxlan0
ip -n site2 addr add 10.42.0.2/24 dev vxlan0
ip -n site1 link set vxlan0 up
ip -n site2 link set vxlan0 up
