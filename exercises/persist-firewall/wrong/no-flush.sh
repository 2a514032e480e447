# The right rules without "flush ruleset" at the top: the boot's first load works, but every
# reload (systemctl reload nftables runs nft -f on the file again) adds each rule once more.
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f

table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iifname "lo" accept
		ct state established,related accept
		meta l4proto icmp accept
		ip saddr 10.51.0.0/16 tcp dport 22 accept
		tcp dport 80 accept
	}
}
CONF
nft -f /etc/nftables.conf
