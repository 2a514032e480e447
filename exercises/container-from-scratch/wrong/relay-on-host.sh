# Everything as in the reference, except the published port: a relay on the host listens on
# 8081 and copies each connection to c2, instead of destination NAT. The page arrives, but it
# is not done with ip, sysctl and nftables or iptables, and c2 sees the host as its client.
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
ip netns exec c2 busybox httpd -p 80 -h /srv/c2
sysctl -w net.ipv4.ip_forward=1
nft add table ip nat
nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; policy accept; }'
nft add rule ip nat postrouting ip saddr 172.17.0.0/16 oifname "eth0" masquerade
mkfifo /run/relay-8081
setsid sh -c 'while :; do nc -N -l 8081 < /run/relay-8081 | nc -N 172.17.0.3 80 > /run/relay-8081; done' </dev/null >/dev/null 2>&1 &
sleep 0.5
