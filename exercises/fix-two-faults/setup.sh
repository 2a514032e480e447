# web's host firewall, by its policy: HTTP and ping for everyone, the replies to web's own
# connections, nothing else (a telnet service on 23 stays closed).
ip netns exec web httpd -p 23 -h /srv/web
# The first fault: the HTTP rule was typed with the wrong port.
ip netns exec web nft -f - <<'RULES'
table inet filter {
  chain input {
    type filter hook input priority filter; policy drop;
    iifname "lo" accept
    ct state established,related accept
    icmp type echo-request accept
    tcp dport 8080 accept
  }
}
RULES
# The second fault, independent of the first: web lost its route back to the client's subnet.
ip -n web route del default
