# site2 uses the next VNI (43 beside 42): the frames arrive but belong to another segment.
for side in "site1 $VNI 172.16.1.2 172.16.2.2 $SITE1_IP" "site2 $((VNI + 1)) 172.16.2.2 172.16.1.2 $SITE2_IP"; do
  set -- $side
  ip -n $1 link add vxlan0 type vxlan id $2 dstport 4789 local $3 remote $4 dev eth0
  ip -n $1 addr add $5/24 dev vxlan0 && ip -n $1 link set vxlan0 up
done
