# Lets in ping replies: not the ICMP message that is missing.
ip netns exec web nft add rule inet filter input icmp type echo-reply accept
