# The same no shutdown, run inside the namespace instead of with ip -n.
ip netns exec router ip link set dev eth2 up
