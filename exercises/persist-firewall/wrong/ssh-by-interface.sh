# ssh accepted by the interface it arrives on: everything behind eth1 gets in, the lab
# router on 10.50.0.0/16 as well as the management subnet.
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f

flush ruleset

table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iifname "lo" accept
		ct state established,related accept
		meta l4proto icmp accept
		iifname "eth1" tcp dport 22 accept
		tcp dport 80 accept
	}
}
CONF
nft -f /etc/nftables.conf
