#!/bin/sh
# eth1 up on the lab segment as 10.50.0.10/16, still in the main table.
set -e
ip addr add 10.50.0.10/16 dev eth1
ip link set eth1 up
