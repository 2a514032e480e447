# Adds the /24 next to the /16: the wider connected route still claims 10.0.2.2.
ip -n client addr add 10.0.1.2/24 dev eth0
