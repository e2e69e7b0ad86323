"""``gkssg import``: a 公文 in Word (GB/T 9704-2012) made into an item.

The stages, each a module: ``container`` checks that a file is a safe .docx (or
converts a .doc/.wps through LibreOffice, ``convert``); ``reading`` reads its
paragraphs, tables and pictures with python-docx (``numbering`` gives Word's
automatic numbers their text); ``refusals`` refuses what must not be published;
``gongwen`` recognises the parts of the 公文 and ``dates`` its 成文日期;
``body`` writes the Markdown; ``writing`` makes the item; ``report`` says what
was read; ``run`` does it for each file.
"""
