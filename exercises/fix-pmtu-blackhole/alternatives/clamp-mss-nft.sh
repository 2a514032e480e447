# Clamp the MSS on r1, where the client's SYN leaves by the narrow link: rt mtu is 1400 there,
# so web is told to send segments of at most 1360 bytes.
ip netns exec r1 nft -f - <<'RULES'
table inet mss {
  chain forward {
    type filter hook forward priority mangle;
    tcp flags syn tcp option maxseg size set rt mtu
  }
}
RULES
