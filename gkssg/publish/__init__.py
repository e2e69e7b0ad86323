"""``gkssg publish``: releases on web servers, switched atomically, with rollback.

A destination holds ``releases/<UTC time>-<content hash>/`` folders and a
``current`` symbolic link the web server's root points at. A publish runs one
shell at each destination (:mod:`.session`), which holds the destination's lock
and removes what interrupted publishes left; it uploads ``output/`` with rsync
into a hidden incoming folder, hard-linking every file that an earlier release
already has (``--link-dest``), writes ``release.json``, checks every file there
against the build and names the folder (:mod:`.upload`); then it renames a fresh
link over ``current`` (:mod:`.releases`).

A group of destinations (site.yaml ``publish:``) is published to by
:mod:`.group`: uploads everywhere first, then every switch at once, and a
switch back where one fails; one destination is a group of one. The web archive
of a release (WARC and CDX, DA/T 80-2019) is :mod:`.archive`, read back by
:mod:`.archive_verify`. Destinations differ only in how a shell and rsync reach
them (:mod:`.transport`): ``sh`` on this machine, or ``ssh host sh`` on a server.
"""
