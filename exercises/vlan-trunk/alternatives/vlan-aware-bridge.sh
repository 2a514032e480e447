# west terminates VLAN 100 the switch way: a VLAN-aware bridge with the trunk as a tagged
# port, and a VLAN interface on the bridge as the SVI (interface Vlan100).
ip netns exec east ip link add link eth0 name vlan100 type vlan id 100
ip netns exec east ip addr add 192.168.100.1/24 dev vlan100
ip netns exec east ip link set vlan100 up
ip -n west link add br0 type bridge vlan_filtering 1
ip -n west link set eth0 master br0
ip -n west link set br0 up
ip netns exec west bridge vlan add vid 100 dev eth0
ip netns exec west bridge vlan add vid 100 dev br0 self
ip -n west link add link br0 name vlan100 type vlan id 100
ip -n west addr add 192.168.100.2/24 dev vlan100
ip -n west link set vlan100 up
