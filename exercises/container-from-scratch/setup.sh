#!/bin/sh
# Only c2's web page: the learner builds the network and starts the server.
mkdir -p /srv/c2
echo 'hello from c2 (172.17.0.3)' > /srv/c2/index.html
