ip netns add red
ip -n red link set lo up
