# An ip family table (IPv4 only) instead of inet, named after the host, with a set for the
# management networks; written with nano or an editor in practice, here in one go.
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f
flush ruleset

table ip host_fw {
	set management {
		type ipv4_addr; flags interval;
		elements = { 10.51.0.0/16 }
	}

	chain input {
		type filter hook input priority 0; policy drop;
		ct state established,related accept
		iifname "lo" accept
		ip protocol icmp accept
		tcp dport 22 ip saddr @management accept
		tcp dport 80 accept
		counter comment "dropped by the policy"
	}
}
CONF
nft -f /etc/nftables.conf
