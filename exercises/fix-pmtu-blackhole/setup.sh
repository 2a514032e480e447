# The fault: web's firewall accepts its connections' packets (established) but not the ICMP
# errors about them (related), so r2's "fragmentation needed" never reaches web.
ip netns exec web nft -f - <<'RULES'
table inet filter {
  chain input {
    type filter hook input priority filter; policy drop;
    iifname "lo" accept
    ct state established accept
    tcp dport 80 accept
    icmp type echo-request accept
  }
}
RULES
