# The configuration as files first, loaded the way FRR's init script does it at boot
# (vtysh -b applies /etc/frr/<name>/frr.conf to the running daemons).
cat > /etc/frr/left/frr.conf <<'C'
router bgp 65001
 no bgp ebgp-requires-policy
 neighbor 10.0.12.2 remote-as 65002
 address-family ipv4 unicast
  network 192.168.1.0/24
 exit-address-family
C
cat > /etc/frr/right/frr.conf <<'C'
router bgp 65002
 no bgp ebgp-requires-policy
 neighbor 10.0.12.1 remote-as 65001
 address-family ipv4 unicast
  network 192.168.2.0/24
 exit-address-family
C
for ns in left right; do
  ip netns exec $ns /usr/lib/frr/zebra -d -N $ns
  ip netns exec $ns /usr/lib/frr/bgpd -d -N $ns
  vtysh -N $ns -b
done
for i in $(seq 40); do
  ip -n left route show proto bgp | grep -q 192.168.2.0 && ip -n right route show proto bgp | grep -q 192.168.1.0 && break
  sleep 1
done
