# No rule for lo: programs on the host can no longer talk to each other over 127.0.0.1.
nft add table inet filter
nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }'
nft add rule inet filter input ct state established,related accept
nft add rule inet filter input tcp dport '{ 22, 80 }' accept
