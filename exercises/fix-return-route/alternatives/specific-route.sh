# A route for the client subnet only, instead of a default route.
ip netns exec web ip route add 10.0.1.0/24 via 10.0.2.1
