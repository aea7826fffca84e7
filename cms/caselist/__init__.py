"""Case lists: the spreadsheets researchers keep, in and out (DESIGN §8).

read (file -> rows of cells) -> parse (cells -> typed values, named records)
-> plan (rows -> people: new, update, unchanged, error; nothing written) ->
write (drafts in one transaction, one batch for review). `columns` is the
column table, `cells` reads one cell, `people` is a person's records as a
row sees them, `export` writes the list back out, `bulk` writes new drafts
many at a time, `views` is the admin's Case file → Import.
"""
