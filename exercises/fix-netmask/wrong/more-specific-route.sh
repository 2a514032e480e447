# Works around the mask instead of fixing it: 10.0.2.0/24 now goes to the router, every other 10.0.x.x still does not.
ip -n client route add 10.0.2.0/24 via 10.0.1.1
