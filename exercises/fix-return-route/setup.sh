# The fault: web has no route back to the client's subnet.
ip -n web route del default
