# Accept exactly the message path MTU discovery needs, ahead of the policy drop.
ip netns exec web nft add rule inet filter input icmp type destination-unreachable icmp code frag-needed accept
