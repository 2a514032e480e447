# No remote on the device: the all-zeros FDB entry sends unknown and broadcast frames
# (ARP) to the other end, as head-end replication does for each VTEP of a VNI.
for side in "site1 172.16.1.2 172.16.2.2 $SITE1_IP" "site2 172.16.2.2 172.16.1.2 $SITE2_IP"; do
  set -- $side
  ip -n $1 link add vxlan0 type vxlan id "$VNI" dstport 4789 local $2 dev eth0
  bridge -n $1 fdb append 00:00:00:00:00:00 dev vxlan0 dst $3
  ip -n $1 addr add $4/24 dev vxlan0
  ip -n $1 link set vxlan0 up
done
