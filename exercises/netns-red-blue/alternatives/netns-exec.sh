# The same with ip netns exec, as you would run any command inside a namespace.
ip netns add red
ip netns add blue
ip netns exec red ip link set dev lo up
ip netns exec blue ip link set dev lo up
