# Hides the client behind the router's address: client gets through, but web still has no way back to 10.0.1.0/24.
ip netns exec router iptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE
