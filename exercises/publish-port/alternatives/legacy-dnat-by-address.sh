# The legacy iptables backend, matching the host's address instead of the interface.
sysctl -w net.ipv4.ip_forward=1
iptables-legacy -t nat -A PREROUTING -d 198.51.100.10 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
