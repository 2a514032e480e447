# The same switch built one host at a time: the peer is moved after creation, configured
# with ip netns exec, and plugged into br0 last.
ip netns add ns1; ip netns add ns2; ip netns add ns3
ip link add name br0 type bridge stp_state 0
ip address add "$SVI" dev br0
ip link set dev br0 up
for n in 1 2 3; do
  ip link add p$n type veth peer name c$n
  ip link set c$n netns ns$n
  ip netns exec ns$n ip address add "${SUBNET%.0/24}.$n/24" dev c$n
  ip netns exec ns$n ip link set c$n up
  ip link set p$n up
  ip link set p$n master br0
done
