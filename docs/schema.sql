-- The parallax store, schema version 2 (PRAGMA user_version = 2,
-- PRAGMA application_id = 0x50524c58, "PRLX"). One SQLite file in WAL
-- mode; one transaction per batch of articles. src/store/store.c creates
-- it (tests/test_store.c checks that this file says the same).
--
-- What is kept, and why:
--  * every article with its cleaned text, so that a story can be compared
--    again when it grows (the comparison is recomputed, not stored: it is
--    a function of the texts, and it changes with each new member);
--  * the clusterer's state, so that a new batch joins the stories it
--    belongs to without re-reading old articles: per story the sums of
--    its members' unit vectors (body, title, names), member count and time
--    span; the postings of the inverted index; the document frequencies
--    and their article count N (meta 'df_docs').
-- Vectors are blobs of little-endian (u32 term hash, f32 weight) pairs;
-- postings are blobs of little-endian u32 story indexes (sid), oldest
-- first.

-- Settings of the store: the options that decide story membership, fixed
-- when the store is created ('story_threshold', 'window_days',
-- 'dup_threshold', 'shingle', 'perm', and 'near_dup' 1 or 0; a writer
-- given other values is refused), and 'df_docs' (N of the IDF).
-- Version 1 kept only the first two: the migration to version 2 records
-- the defaults for the others.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value NOT NULL
) WITHOUT ROWID;

-- One row per committed batch (a `stories --db` run, an import batch, a
-- stream commit).
CREATE TABLE batches (
    batch INTEGER PRIMARY KEY,
    committed INTEGER NOT NULL,       -- Unix time of the commit
    articles INTEGER NOT NULL         -- articles added
);

-- Stories. sid is the clusterer's index (postings refer to it); id is the
-- public id, given when the story gets its first article and never changed;
-- a slot whose articles all moved to other stories within its batch keeps
-- id NULL and size 0 and is never shown.
CREATE TABLE stories (
    sid INTEGER PRIMARY KEY,
    id TEXT UNIQUE,
    label_article INTEGER,            -- articles.aid of the label
    size INTEGER NOT NULL,            -- articles, duplicates included
    members INTEGER NOT NULL,         -- articles that are not duplicates
    first INTEGER,                    -- known publication span (Unix time)
    last INTEGER,
    updated INTEGER NOT NULL,         -- batch that last changed it
    body BLOB NOT NULL,               -- sum of the members' body vectors
    title BLOB NOT NULL,              -- ... of their title vectors
    names BLOB NOT NULL,              -- ... of their name vectors
    label_vec BLOB,                   -- body vector of the label article
    label_title INTEGER NOT NULL      -- the label article has a title
);
CREATE INDEX stories_last ON stories(last);

-- Articles. exact is the hash of the normalized token stream: an article
-- whose id or exact hash is already here is not added again.
CREATE TABLE articles (
    aid INTEGER PRIMARY KEY,          -- insertion order
    id TEXT NOT NULL UNIQUE,
    exact INTEGER NOT NULL,
    story INTEGER NOT NULL REFERENCES stories(sid),
    dup_of INTEGER REFERENCES articles(aid), -- near duplicate of
    dup_sim REAL NOT NULL,
    batch INTEGER NOT NULL REFERENCES batches(batch),
    ord_time INTEGER NOT NULL,        -- time used for publication order
    time INTEGER,                     -- parsed published time, NULL unknown
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    published TEXT NOT NULL,          -- as given
    language TEXT NOT NULL,
    lead TEXT NOT NULL,               -- first sentence (labels untitled)
    text TEXT NOT NULL,               -- cleaned body
    sig BLOB                          -- MinHash signature (u32 LE values);
                                      -- reserved: not filled by version 1
);
CREATE INDEX articles_exact ON articles(exact);
CREATE INDEX articles_story ON articles(story, ord_time, aid);
CREATE INDEX articles_source ON articles(source, story);

-- The inverted index: stories posted under a term (key < 2^32) or a name
-- (key with bit 31 flipped, as the clusterer keys it).
CREATE TABLE postings (
    key INTEGER PRIMARY KEY,
    sids BLOB NOT NULL
);

-- Document frequencies: key is a term hash, or 2^32 + a name hash.
CREATE TABLE df (
    key INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
);

-- Version 2: the full-text index of `parallax list --query` and the
-- comparison digests of `parallax stream`. Migrating a version 1 store
-- fills the index from its articles (the 'rebuild').

-- What the index holds of an article: the title and the first 1000
-- characters of the body (the lede; the whole body costs twice the time
-- and space for little).
CREATE VIEW articles_head AS SELECT aid, title, substr(text, 1, 1000) AS body FROM articles;

-- Full-text index over articles_head, keyed by articles.aid, filled by one
-- INSERT ... SELECT per batch (articles are never deleted). detail=none
-- keeps no positions: bm25 reads the text of the matching rows back
-- through the view.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles_head', content_rowid='aid', detail=none, tokenize='unicode61 remove_diacritics 2');

-- The digest of each story's last comparison (by `stories --db` or
-- `stream`, not with --no-compare), against which the next one is diffed
-- for stream's story_updated "changes" (docs/events.md). One item per
-- line, fields separated by tabs (tabs and newlines inside a field are
-- written as spaces):
--   L <label>
--   C <articles compared>
--   E <type> <entity name>                      one per entity
--   F <conflict 0|1> <subject> <values>         one per figure; values
--                                                "qualifier number" sorted,
--                                                distinct, joined by "; "
CREATE TABLE digests (
    id TEXT PRIMARY KEY REFERENCES stories(id),
    batch INTEGER NOT NULL,           -- last batch when it was digested
    digest TEXT NOT NULL
) WITHOUT ROWID;
