#!/bin/sh
# A client and a server; the server's firewall drops the client's connections to TCP 8080.
# Which chain holds the drop, the form of its match, the order of the rules around it and every
# handle are drawn afresh on each set-up: only a trace (or a careful read) of this VM finds it.
set -e
ip netns add server
ip netns add client
ip -n client link add eth0 type veth peer name eth0 netns server
ip -n server addr add 10.40.0.1/24 dev eth0
ip -n client addr add 10.40.0.2/24 dev eth0
for ns in server client; do ip -n $ns link set lo up; ip -n $ns link set eth0 up; done
# The ruleset is written to one file and loaded in one transaction (one nft process).
rules=/tmp/.trace-the-drop.nft
# Uses up 0 to $1 (default 4) handles (handles count up per table, for chains and rules alike).
burn() {
  n=$(shuf -i "0-${1:-4}" -n1)
  [ "$n" -gt 0 ] || return 0
  echo 'add chain inet filter scratch'
  i=1; while [ $i -lt "$n" ]; do echo 'add rule inet filter scratch counter'; i=$((i + 1)); done
  echo 'flush chain inet filter scratch'
  echo 'delete chain inet filter scratch'
}
rule() { burn; echo "add rule inet filter $1 $2"; }
drop_chain=$(printf 'input\nservices\n' | shuf -n1)
drop=$(printf '%s\n' 'ip saddr 10.40.0.0/24 tcp dport 8080 drop' 'tcp dport 8000-8100 drop' 'tcp dport { 8080, 8443 } drop' | shuf -n1)
{
  echo 'add table inet filter'
  burn 199
  echo 'add chain inet filter input { type filter hook input priority 0; policy accept; }'
  echo 'add chain inet filter services'
  for r in 'ct state established,related accept' 'iif lo accept' 'meta l4proto icmp accept' 'tcp dport 22 accept' 'counter'; do rule input "$r"; done
  [ "$drop_chain" = input ] || rule input 'jump services'
  # The rules before the drop in its chain, in a random order, then the drop, then what it shadows.
  printf '%s\n' 'ip saddr 10.99.0.0/16 tcp dport 8080 drop' 'tcp dport 9090 drop' 'tcp dport { 80, 443 } accept' 'counter' | shuf | while read -r r; do rule "$drop_chain" "$r"; done
  rule "$drop_chain" "$drop"
  rule "$drop_chain" 'tcp dport 8080 accept'
  if [ "$drop_chain" = input ]; then
    rule input 'jump services'
    rule services 'tcp dport 9100 accept'
  fi
} > "$rules"
ip netns exec server nft -f "$rules"
rm -f "$rules"
