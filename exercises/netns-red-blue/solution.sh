ip netns add red
ip netns add blue
ip -n red link set lo up
ip -n blue link set lo up
