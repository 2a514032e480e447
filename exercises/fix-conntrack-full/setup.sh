# The office router hides the office behind its own address: web stands for the internet and
# knows no route to 10.0.1.0/24, so every connection from client needs the router's NAT.
ip -n web route del default
ip netns exec router nft -f - <<'RULES'
table ip nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "eth2" masquerade
  }
}
RULES
# The fault, in two parts. Last week's "tuning": a connection table of 32 entries for the whole
# machine (the limit is one value for every namespace, set on the host)...
sysctl -qw net.netfilter.nf_conntrack_max=32
# ...and 32 entries that will never close: the backup server 10.0.1.99 was unplugged in the middle
# of its rsync sessions, and an established TCP entry lives five days without a packet. One
# conntrack process loads them all (-R reads one entry's options per line).
for p in $(seq 40001 40032); do
  echo "-I -p tcp -s 10.0.1.99 -d 10.0.2.2 --sport $p --dport 873 -r 10.0.2.2 -q 10.0.2.1 --reply-port-src 873 --reply-port-dst $p --state ESTABLISHED -u ASSURED,SEEN_REPLY -t 432000"
done | ip netns exec router conntrack -R /dev/stdin >/dev/null 2>&1
