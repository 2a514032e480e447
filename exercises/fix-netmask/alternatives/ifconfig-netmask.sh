# The legacy tools, like "ip address 10.0.1.2 255.255.255.0" on a router: the mask changes in place,
# and the default route has to be put back afterwards.
ip netns exec client ifconfig eth0 10.0.1.2 netmask 255.255.255.0
ip netns exec client route add default gw 10.0.1.1
