# The translation is right, but the host does not route the translated packets on to c1.
nft add table ip nat
nft add chain ip nat prerouting '{ type nat hook prerouting priority dstnat; }'
nft add rule ip nat prerouting iifname "eth0" tcp dport 8080 dnat to 172.17.0.2:80
