# west tags with 200: the frames arrive on a VLAN nobody listens to.
ip -n east link add link eth0 name eth0.100 type vlan id 100
ip -n east addr add 192.168.100.1/24 dev eth0.100
ip -n east link set eth0.100 up
ip -n west link add link eth0 name eth0.100 type vlan id 200
ip -n west addr add 192.168.100.2/24 dev eth0.100
ip -n west link set eth0.100 up
