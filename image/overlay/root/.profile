export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PAGER=less EDITOR=nano MANPAGER=less
[ -f ~/.bashrc ] && . ~/.bashrc
