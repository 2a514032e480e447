# Hides the client behind the router instead of giving web its way back: web still cannot reach the client.
ip netns exec web nft add rule inet filter input tcp dport 80 accept
ip netns exec router iptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE
