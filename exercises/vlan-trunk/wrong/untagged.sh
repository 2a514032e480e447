# The addresses go straight on the trunk: the ping works, but nothing is tagged.
ip -n east addr add 192.168.100.1/24 dev eth0
ip -n west addr add 192.168.100.2/24 dev eth0
