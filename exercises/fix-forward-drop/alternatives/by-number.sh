# The same rule, deleted by its position in the chain.
ip netns exec router iptables -D FORWARD 2
