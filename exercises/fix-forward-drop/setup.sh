# A telnet service on web, and the router's rule that blocks telnet: the ticket says it must stay.
ip netns exec web httpd -p 23 -h /srv/web
ip netns exec router iptables -A FORWARD -p tcp --dport 23 -j DROP
# The fault: a rule that drops everything from the client's subnet to web's.
ip netns exec router iptables -A FORWARD -s 10.0.1.0/24 -d 10.0.2.0/24 -j DROP
