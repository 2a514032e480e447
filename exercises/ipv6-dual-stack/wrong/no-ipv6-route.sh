# Both families addressed, but the default route added is IPv4's only: the host answers
# dual on 2001:db8:20::2, yet dual has no way to 2001:db8:53::53.
ip netns add dual
ip -n dual link add eth0 type veth peer name v-dual netns 1
for a in 10.20.0.1/24 2001:db8:20::1/64; do ip addr add $a dev v-dual; done
for a in 10.20.0.2/24 2001:db8:20::2/64; do ip -n dual addr add $a dev eth0; done
ip link set v-dual up; ip -n dual link set eth0 up
ip -n dual route add default via 10.20.0.1
