# A ping makes ARP learn the right MAC, but the entry is dynamic and will age out.
ping -c 1 10.50.0.1
