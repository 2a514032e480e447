# The bridge and two containers, each on a veth whose host end is a docker0 port.
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
for n in 1 2; do
  ip netns add c$n
  ip link add veth-c$n type veth peer name eth0 netns c$n
  ip link set veth-c$n master docker0 up
  ip -n c$n addr add 172.17.0.$((n + 1))/16 dev eth0
  ip -n c$n link set eth0 up
  ip -n c$n link set lo up
  ip -n c$n route add default via 172.17.0.1
done
# The container's process: a web server in c2's namespace.
ip netns exec c2 busybox httpd -p 80 -h /srv/c2
# Egress: route and masquerade. Published port: DNAT 8081 to c2:80.
sysctl -w net.ipv4.ip_forward=1
nft add table ip nat
nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; policy accept; }'
nft add rule ip nat postrouting ip saddr 172.17.0.0/16 oifname "eth0" masquerade
nft add chain ip nat prerouting '{ type nat hook prerouting priority dstnat; policy accept; }'
nft add rule ip nat prerouting iifname "eth0" tcp dport 8081 dnat to 172.17.0.3:80
