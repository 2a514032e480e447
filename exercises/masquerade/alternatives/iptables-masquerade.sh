# iptables (the nf_tables backend) instead of nft, forwarding through /proc, and the veth
# created first and moved into c1 afterwards.
ip netns add c1
ip link add name docker0 type bridge
ip link set dev docker0 up
ip address add 172.17.0.1/16 dev docker0
ip link add vethc1 type veth peer name c1-eth0
ip link set c1-eth0 netns c1
ip link set vethc1 master docker0
ip link set vethc1 up
ip netns exec c1 ip address add 172.17.0.2/16 dev c1-eth0
ip netns exec c1 ip link set c1-eth0 up
ip netns exec c1 ip route add default via 172.17.0.1 dev c1-eth0
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
