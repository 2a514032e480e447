# Create the far end directly inside the namespace, and configure it with ip netns exec.
ip netns add "$NS"
ip link add veth0 type veth peer name veth1 netns "$NS"
ip address add "$HOST_ADDR" dev veth0
ip link set dev veth0 up
ip netns exec "$NS" ip address add "$PEER_ADDR" dev veth1
ip netns exec "$NS" ip link set dev veth1 up
ip netns exec "$NS" ip link set dev lo up
