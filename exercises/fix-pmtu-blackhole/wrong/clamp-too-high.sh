# Clamps the MSS to a number that fits a 1500-byte link, not the 1400-byte one.
ip netns exec r1 nft add table inet mss
ip netns exec r1 nft add chain inet mss forward '{ type filter hook forward priority mangle; }'
ip netns exec r1 nft add rule inet mss forward tcp flags syn tcp option maxseg size set 1460
