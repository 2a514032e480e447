# What Docker itself writes (iptables, nf_tables backend): bridged traffic sent through
# iptables (br_netfilter), FORWARD dropping by default, a DOCKER chain for published ports.
sysctl -w net.bridge.bridge-nf-call-iptables=1 net.ipv4.ip_forward=1
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
for n in 1 2; do
  ip netns add c$n
  ip link add veth$n type veth peer name eth0 netns c$n
  ip link set veth$n master docker0
  ip link set veth$n up
  ip netns exec c$n ip addr add 172.17.0.$((n + 1))/16 dev eth0
  ip netns exec c$n ip link set eth0 up
  ip netns exec c$n ip route add default via 172.17.0.1
done
ip netns exec c2 busybox httpd -p 80 -h /srv/c2
iptables -t nat -N DOCKER
iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -A DOCKER ! -i docker0 -p tcp --dport 8081 -j DNAT --to-destination 172.17.0.3:80
iptables -P FORWARD DROP
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -d 172.17.0.3 ! -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT
iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
