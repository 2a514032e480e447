# The way routers are often run: rtr gets the well-known link-local address fe80::1 on each
# cable and the end hosts route via it (a link-local gateway needs its interface named).
# Cables born in rtr, and addresses added without waiting for duplicate address detection.
for ns in west east rtr; do ip netns add $ns; done
ip -n rtr link add to-west type veth peer name eth0 netns west
ip -n rtr link add to-east type veth peer name eth0 netns east
ip -n rtr addr add 2001:db8:a::1/64 dev to-west nodad
ip -n rtr addr add 2001:db8:b::1/64 dev to-east nodad
ip -n rtr addr add fe80::1/64 dev to-west nodad
ip -n rtr addr add fe80::1/64 dev to-east nodad
ip -n west addr add 2001:db8:a::2/64 dev eth0 nodad
ip -n east addr add 2001:db8:b::2/64 dev eth0 nodad
for end in rtr:to-west rtr:to-east west:eth0 east:eth0; do ip -n "${end%%:*}" link set "${end#*:}" up; done
ip netns exec rtr sysctl -w net.ipv6.conf.all.forwarding=1
ip -n west -6 route add default via fe80::1 dev eth0
ip -n east -6 route add default via fe80::1 dev eth0
