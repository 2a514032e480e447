# Forwarding on in the root namespace: the router namespace has its own switch.
sysctl -w net.ipv4.ip_forward=1
