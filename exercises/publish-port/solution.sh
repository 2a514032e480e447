sysctl -w net.ipv4.ip_forward=1
nft add table ip nat
nft add chain ip nat prerouting '{ type nat hook prerouting priority dstnat; policy accept; }'
nft add rule ip nat prerouting iifname "eth0" tcp dport 8080 dnat to 172.17.0.2:80
