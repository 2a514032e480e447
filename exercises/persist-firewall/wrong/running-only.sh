# The right rules, typed into the running ruleset only: /etc/nftables.conf is still Debian's
# empty default, so a reboot (or the check's flush and reload) loads a firewall that accepts all.
nft add table inet filter
nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }'
nft add rule inet filter input iifname "lo" accept
nft add rule inet filter input ct state established,related accept
nft add rule inet filter input meta l4proto icmp accept
nft add rule inet filter input ip saddr 10.51.0.0/16 tcp dport 22 accept
nft add rule inet filter input tcp dport 80 accept
