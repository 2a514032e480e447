# Delete the mistyped rule, then put HTTP above the rest.
handle=$(ip netns exec web nft -a list chain inet filter input | awk '/dport 8080/ { print $NF }')
ip netns exec web nft delete rule inet filter input handle "$handle"
ip netns exec web nft insert rule inet filter input tcp dport 80 accept
ip -n web route replace default via 10.0.2.1 dev eth0
