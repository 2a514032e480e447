#!/bin/sh
# A fresh guest has no learner namespaces: nothing to prepare.
true
