# The management subnet trusted for everything, not only ssh: the database is open to it.
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f

flush ruleset

table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iifname "lo" accept
		ct state established,related accept
		meta l4proto icmp accept
		ip saddr 10.51.0.0/16 accept
		tcp dport 80 accept
	}
}
CONF
nft -f /etc/nftables.conf
