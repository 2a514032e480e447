# DNAT only in OUTPUT: a test from the host itself works, packets from outside never see it.
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A OUTPUT -d 198.51.100.10 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
