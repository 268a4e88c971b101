"""``sesiona-hq``, the headquarters command line: ``main`` parses the arguments and runs
``init``, ``serve`` and the account commands; ``bundle``, ``catalogue``, ``templates`` and
``users`` add their own subcommands. Every message is Spanish."""
