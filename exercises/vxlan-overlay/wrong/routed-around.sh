# The overlay is built, but host routes through core carry the ping beside it, unencapsulated.
ip -n site1 link add vxlan0 type vxlan id 42 dstport 4789 local 172.16.1.2 remote 172.16.2.2 dev eth0
ip -n site2 link add vxlan0 type vxlan id 42 dstport 4789 local 172.16.2.2 remote 172.16.1.2 dev eth0
for n in 1 2; do ip -n site$n addr add 10.42.0.$n/24 dev vxlan0; ip -n site$n link set vxlan0 up; done
ip -n site1 route add 10.42.0.2/32 via 172.16.1.1
ip -n site2 route add 10.42.0.1/32 via 172.16.2.1
ip -n core route add 10.42.0.2/32 via 172.16.2.2
ip -n core route add 10.42.0.1/32 via 172.16.1.2
