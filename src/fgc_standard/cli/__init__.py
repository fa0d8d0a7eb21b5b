"""The ``fgc`` command. One module per subcommand; heavy imports happen inside ``run``."""
