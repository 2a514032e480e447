# iptables here is the nftables back end: the rule is in table ip filter, and nft deletes it by handle.
handle=$(ip netns exec router nft -a list chain ip filter FORWARD | awk '/10.0.1.0\/24/ { print $NF }')
ip netns exec router nft delete rule ip filter FORWARD handle "$handle"
