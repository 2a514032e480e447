# web's way back: its default route through the router.
ip -n web route add default via 10.0.2.1
# Let HTTP in on the port the server listens on.
ip netns exec web nft add rule inet filter input tcp dport 80 accept
