# Routed and published, but the containers' own connections leave untranslated.
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
for n in 1 2; do
  ip netns add c$n
  ip link add veth-c$n type veth peer name eth0 netns c$n
  ip link set veth-c$n master docker0 up
  ip -n c$n addr add 172.17.0.$((n + 1))/16 dev eth0
  ip -n c$n link set eth0 up
  ip -n c$n route add default via 172.17.0.1
done
ip netns exec c2 busybox httpd -p 80 -h /srv/c2
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8081 -j DNAT --to-destination 172.17.0.3:80
