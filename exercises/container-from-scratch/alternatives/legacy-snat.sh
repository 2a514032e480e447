# The legacy iptables backend, SNAT to the fixed address, the web server started first, and
# forwarding switched on through /proc.
ip netns add c1
ip netns add c2
ip link add name docker0 type bridge
ip link set docker0 up
ip address add 172.17.0.1/16 dev docker0
ip link add h1 type veth peer name c1-eth0
ip link add h2 type veth peer name c2-eth0
ip link set c1-eth0 netns c1
ip link set c2-eth0 netns c2
ip netns exec c2 busybox httpd -p 80 -h /srv/c2
for n in 1 2; do
  ip link set h$n master docker0 up
  ip -n c$n address add 172.17.0.$((n + 1))/16 dev c$n-eth0
  ip -n c$n link set c$n-eth0 up
  ip -n c$n route add default via 172.17.0.1 dev c$n-eth0
done
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables-legacy -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j SNAT --to-source 198.51.100.10
iptables-legacy -t nat -A PREROUTING -d 198.51.100.10 -p tcp --dport 8081 -j DNAT --to-destination 172.17.0.3:80
