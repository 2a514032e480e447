# The routes are in place, but rtr was never told to forward IPv6.
for ns in west east rtr; do ip netns add $ns; done
for side in west:a east:b; do
  ns=${side%%:*} net=${side#*:}
  ip -n $ns link add eth0 type veth peer name to-$ns netns rtr
  ip -n $ns addr add 2001:db8:$net::2/64 dev eth0
  ip -n rtr addr add 2001:db8:$net::1/64 dev to-$ns
  ip -n $ns link set eth0 up
  ip -n rtr link set to-$ns up
  ip -n $ns -6 route add default via 2001:db8:$net::1
done
