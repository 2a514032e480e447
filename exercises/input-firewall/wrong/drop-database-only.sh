# The database port is dropped by name and everything else is still let in: the policy stays
# ACCEPT, so this blocks what it knows about instead of denying by default.
nft add table inet filter
nft add chain inet filter input '{ type filter hook input priority filter; }'
nft add rule inet filter input iifname "lo" accept
nft add rule inet filter input ct state established,related accept
nft add rule inet filter input tcp dport '{ 22, 80 }' accept
nft add rule inet filter input tcp dport 3306 drop
