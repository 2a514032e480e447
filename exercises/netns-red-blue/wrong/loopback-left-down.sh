ip netns add red
ip netns add blue
ip -n red link set lo up
