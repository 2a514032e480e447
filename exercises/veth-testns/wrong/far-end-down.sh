ip netns add testns
ip link add veth0 type veth peer name veth1 netns testns
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n testns addr add 10.0.0.2/24 dev veth1
