# ssh accepted from anywhere, like http: the management restriction is missing.
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f

flush ruleset

table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iifname "lo" accept
		ct state established,related accept
		meta l4proto icmp accept
		tcp dport { 22, 80 } accept
	}
}
CONF
nft -f /etc/nftables.conf
