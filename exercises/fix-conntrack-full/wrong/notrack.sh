# Stops tracking the office's traffic: the table stops filling, and the NAT stops working with it.
ip netns exec router nft -f - <<'RULES'
table ip raw {
  chain prerouting {
    type filter hook prerouting priority raw; policy accept;
    notrack
  }
}
RULES
