-- The parallax store, schema version 1 (PRAGMA user_version = 1,
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

-- Settings of the store: 'story_threshold' and 'window_days' (clustering
-- options fixed when the store is created), 'df_docs' (N of the IDF).
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
