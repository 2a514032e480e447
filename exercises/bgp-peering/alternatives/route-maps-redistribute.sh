# RFC 8212 done the other way: keep ebgp-requires-policy and give the neighbour a policy in
# each direction; announce the LAN by redistributing connected routes instead of a network line.
for side in "left 65001 10.0.12.2 65002" "right 65002 10.0.12.1 65001"; do
  set -- $side
  ip netns exec $1 /usr/lib/frr/zebra -d -N $1
  ip netns exec $1 /usr/lib/frr/bgpd -d -N $1
  vtysh -N $1 -c 'configure terminal' -c 'route-map ALL permit 10' -c 'exit' -c "router bgp $2" \
    -c "neighbor $3 remote-as $4" -c 'address-family ipv4 unicast' -c 'redistribute connected' \
    -c "neighbor $3 route-map ALL in" -c "neighbor $3 route-map ALL out"
done
for i in $(seq 40); do
  ip -n left route show proto bgp | grep -q 192.168.2.0 && ip -n right route show proto bgp | grep -q 192.168.1.0 && break
  sleep 1
done
