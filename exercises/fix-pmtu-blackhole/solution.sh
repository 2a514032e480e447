# Let in the ICMP errors about web's own connections: conntrack marks them related.
ip netns exec web nft insert rule inet filter input ct state related accept
