# The fault: the router does not route (IP forwarding is off).
ip netns exec router sysctl -qw net.ipv4.ip_forward=0
