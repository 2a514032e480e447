# Both ends tag VLAN 100 with the 802.1ad (QinQ, S-tag) ethertype: they agree with each other,
# so the ping works, but a dot1Q trunk port does not take these frames as VLAN 100.
for side in east:1 west:2; do
  ns=${side%:*}
  ip -n "$ns" link add link eth0 name eth0.100 type vlan proto 802.1ad id 100
  ip -n "$ns" addr add "192.168.100.${side#*:}/24" dev eth0.100
  ip -n "$ns" link set eth0.100 up
done
