ip netns add "$NS"
ip link add veth0 type veth peer name veth1 netns "$NS"
ip addr add "$HOST_ADDR" dev veth0
ip link set veth0 up
ip -n "$NS" addr add "$PEER_ADDR" dev veth1
