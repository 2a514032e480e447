# Every accept rule is there, but nothing drops: the policy is still ACCEPT.
nft add table inet filter
nft add chain inet filter input '{ type filter hook input priority filter; }'
nft add rule inet filter input iifname "lo" accept
nft add rule inet filter input ct state established,related accept
nft add rule inet filter input tcp dport '{ 22, 80 }' accept
