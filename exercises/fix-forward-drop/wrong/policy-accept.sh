# The policy was already ACCEPT: the drop is a rule, not the policy.
ip netns exec router iptables -P FORWARD ACCEPT
