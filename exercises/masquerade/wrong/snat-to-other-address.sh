# Translated, but to a second address on eth0: the server sees 198.51.100.11, not the host's address.
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
ip netns add c1
ip link add veth-c1 type veth peer name eth0 netns c1
ip link set veth-c1 master docker0 up
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 route add default via 172.17.0.1
sysctl -w net.ipv4.ip_forward=1
ip addr add 198.51.100.11/24 dev eth0
nft add table ip nat
nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }'
nft add rule ip nat postrouting ip saddr 172.17.0.0/16 oifname "eth0" snat to 198.51.100.11
