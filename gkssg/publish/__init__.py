"""``gkssg publish``: releases on the web server, switched atomically, with rollback.

A destination holds ``releases/<UTC time>-<content hash>/`` folders and a
``current`` symbolic link the web server's root points at. A publish uploads
``output/`` with rsync into a hidden incoming folder, hard-linking every file
that an earlier release already has (``--link-dest``), writes ``release.json``,
renames the folder into place and then renames a fresh link over ``current``.

One code path does this for both kinds of destination (:mod:`.releases`); they
differ only in how a shell command reaches the destination (:mod:`.transport`):
``sh -c`` on this machine, or ``ssh host sh -c`` on a server.
"""
