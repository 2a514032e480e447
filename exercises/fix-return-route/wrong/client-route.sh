# The client's way out was never the problem.
ip -n client route add 10.0.2.0/24 via 10.0.1.1
