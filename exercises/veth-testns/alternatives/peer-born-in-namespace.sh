# Create the far end directly inside the namespace, and configure it with ip netns exec.
ip netns add testns
ip link add veth0 type veth peer name veth1 netns testns
ip address add 10.0.0.1/24 dev veth0
ip link set dev veth0 up
ip netns exec testns ip address add 10.0.0.2/24 dev veth1
ip netns exec testns ip link set dev veth1 up
ip netns exec testns ip link set dev lo up
