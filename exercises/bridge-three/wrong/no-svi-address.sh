ip link add br0 type bridge
ip link set br0 up
for n in 1 2 3; do
  ip netns add ns$n
  ip link add veth-ns$n type veth peer name eth0 netns ns$n
  ip link set veth-ns$n master br0 up
  ip -n ns$n addr add "${SUBNET%.0/24}.$n/24" dev eth0
  ip -n ns$n link set eth0 up
done
