# The VTEP as a bridge port, as a hypervisor does it: the overlay address sits on the bridge,
# the VXLAN device is one of its ports, and the MTU is set by hand to what the underlay leaves.
for side in "site1 172.16.1.2 172.16.2.2 $SITE1_IP" "site2 172.16.2.2 172.16.1.2 $SITE2_IP"; do
  set -- $side
  ip -n $1 link add br0 type bridge
  ip -n $1 link add vxlan0 type vxlan id "$VNI" dstport 4789 local $2 nolearning
  ip -n $1 link set vxlan0 mtu 1450 master br0
  bridge -n $1 fdb append 00:00:00:00:00:00 dev vxlan0 dst $3
  ip -n $1 link set br0 mtu 1450
  ip -n $1 addr add $4/24 dev br0
  ip -n $1 link set vxlan0 up
  ip -n $1 link set br0 up
done
