# The main file stays short and includes the rules from /etc/nftables.d, the way a
# configuration management tool drops one file per concern. The chain is declared once and
# its rules come from a second file.
mkdir -p /etc/nftables.d
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f
flush ruleset
include "/etc/nftables.d/*.nft"
CONF
cat > /etc/nftables.d/10-input.nft <<'CONF'
table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iif lo accept
		ct state vmap { established : accept, related : accept, invalid : drop }
	}
}
CONF
cat > /etc/nftables.d/20-services.nft <<'CONF'
define management = 10.51.0.0/16
add rule inet filter input icmp type echo-request accept
add rule inet filter input ip saddr $management tcp dport ssh accept
add rule inet filter input tcp dport http accept
CONF
nft -f /etc/nftables.conf
