# The same by another door: the input chain accepts whatever no rule drops.
ip -n web route add default via 10.0.2.1
ip netns exec web nft chain inet filter input '{ policy accept; }'
