# Fixes one fault of two: HTTP is let in, but web's answers have no way back.
ip netns exec web nft add rule inet filter input tcp dport 80 accept
