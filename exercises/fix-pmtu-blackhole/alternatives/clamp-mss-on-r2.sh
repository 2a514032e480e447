# The clamp on r2, the other end of the narrow link: rt mtu takes the smaller of the MTUs of the
# route the SYN leaves by (eth2, 1500) and the route back to its sender (eth1, 1400).
ip netns exec r2 nft add table inet mss
ip netns exec r2 nft add chain inet mss forward '{ type filter hook forward priority mangle; }'
ip netns exec r2 nft add rule inet mss forward tcp flags syn tcp option maxseg size set rt mtu
