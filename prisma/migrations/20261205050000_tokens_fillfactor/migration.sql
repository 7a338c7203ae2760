-- Added by hand (the schema language cannot say it): room on every page of tokens for the row
-- versions that verification's last-used writes make (once a minute per token in use). With
-- room on its page, such an update is a HOT update: no new entry in any of the table's nine
-- indexes (among them the label's trigram index), so no index grows with use. On full pages each
-- one wrote them all (12-14 µs of PostgreSQL CPU a row against 8, bench/RESULTS.md). Pages
-- written from now on keep 15 % free, and existing ones gain room as rows move and vacuum runs
-- (a rewrite, VACUUM FULL or pg_repack, is optional). Setting it rewrites nothing and takes a
-- SHARE UPDATE EXCLUSIVE lock: reads and writes go on. (No semicolon in these comments: the
-- schema engine splits scripts at every one.)
ALTER TABLE "tokens" SET (fillfactor = 85);
