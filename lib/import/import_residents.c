/*
 * import_residents.c - the roster (人口信息表): one row per person with the
 * address and the ID number.  A person is identified by the ID; a known ID
 * is updated in place and a changed address is kept in person_move.
 * Into an empty database the roster loads in bulk (residents_bulk_begin());
 * into one with people, a row whose digest is that of a current person is
 * as stored and needs nothing looked up or written (residents_known()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/hashset.h"
#include "base/normalize.h"
#include "db/bulk_insert.h"
#include "db/db.h"
#include "domain/idcard.h"
#include "domain/mask.h"
#include "domain/phone.h"
#include "import/import_digest.h"
#include "import/import_impl.h"

enum { R_COMPOUND, R_BUILDING, R_UNIT, R_ROOM, R_NAME, R_ID, R_RELATION, R_PHONE, R_TAGS };

static const char *const columns[] = {
    "compound", "building", "unit", "room", "name", "id_number", "relation", "phone", "tags", NULL,
};

/* Most tags one person may carry. */
#define MAX_TAGS 16

/* Where a row's address stands among those before it (a bulk load). */
enum {
	ADDR_NEW,  /* never before in the file */
	ADDR_SAME, /* the row before's */
	ADDR_SEEN, /* may have come before */
};

/*
 * The most slots of the hash sets, so memory stays bounded whatever
 * the file: 32 MiB for 3.1 million IDs, 16 MiB for 1.5 million addresses.
 * A larger file loads the rest the slower way.
 */
#define SEEN_IDS (1u << 22)
#define SEEN_ADDRESSES (1u << 21)

/*
 * What residents_clean() remembers of the rows before (C->clean_state).
 * In a bulk load, hashes of the IDs and addresses.  Always, the
 * address of the row before, as written and as cleaned: the people of a
 * household come one after another, so most rows need not clean it again.
 */
struct seen {
	int bulk;		       /* keep the hashes */
	struct hashset ids, addresses; /* hashes */
	char last[512];		       /* the address of the row before */
	int have_raw;		       /* RAW and the cleaned parts below are set */
	char raw[4][128];	       /* compound, building, unit and room as written */
	char compound[256], building[64], unit[64], room[64];
	/*
	 * A re-import: the digests of the people stored, where the row's is
	 * fetched as it is cleaned (their slots only: the store reads them).
	 */
	const struct digest_map *known;
};

/*
 * The indexes on person a bulk load drops, and builds again at the end.
 * Not person_dwelling: people come household by household, so its entries
 * go in at its end, for less than sorting them all again would cost.
 */
static const char *const bulk_indexes[] = {"person_id_number"};
#define NBULK (sizeof bulk_indexes / sizeof *bulk_indexes)

/*
 * The triggers that make person.digest unknown when a person changes
 * outside the import (012-person-digest.sql).  The import keeps the
 * digests itself: it lifts them for its transaction and puts them back
 * before it commits, so its own writes cost no trigger.
 */
static const char *const digest_triggers[] = {
    "person_digest_person",
    "person_digest_tag_in",
    "person_digest_tag_out",
};
#define NTRIGGERS (sizeof digest_triggers / sizeof *digest_triggers)

/*
 * The re-import's page cache: 32 MiB, half the first load's, as the
 * digests of the people (48 MiB at most) take the rest of the memory
 * budget.  The rows it looks up are the few that changed.
 */
#define KNOWN_CACHE "PRAGMA cache_size = -32768"

/* Prepared statements and state, kept for the whole import. */
struct residents {
	int closed; /* a buildings file was imported: no new places */
	int empty;  /* no person was in the database at the start */
	/*
	 * Bulk load (see residents_bulk_begin()): the indexes on person are
	 * dropped, INDEX_SQL[] are their CREATE statements.
	 */
	int bulk;
	char *index_sql[NBULK];
	char *trigger_sql[NTRIGGERS]; /* the lifted triggers (NULL: not there) */
	/*
	 * The digests of the current people, when there were some: a row
	 * whose digest is there is as stored, and needs nothing written.
	 * FULL: the file has every column a digest covers, so a person it
	 * updates is stored as its digest says.
	 */
	struct digest_map known;
	int full;
	/*
	 * A bulk load inserts people, their tags, and (into an empty
	 * dwelling table) new dwellings many to a statement, with the ids
	 * they will get known ahead: NEXT_PID and NEXT_DW.
	 */
	struct bulk_insert bulk_people, bulk_tags, bulk_dwellings;
	int64_t next_pid, next_dw;
	int fresh_dw;	      /* no dwelling was in the database at the start */
	sqlite3_stmt *sel;    /* the person with an ID number */
	sqlite3_stmt *insert; /* a new person */
	sqlite3_stmt *upsert; /* update a person in place */
	sqlite3_stmt *mark;   /* unchanged: note this import saw them */
	sqlite3_stmt *tags;   /* a person's tags, joined */
	sqlite3_stmt *deltag, *instag;
	sqlite3_stmt *move;
	sqlite3_stmt *seldw, *insdw;
	sqlite3_stmt *newdw;  /* a dwelling unless it is there (see residents_dwelling()) */
	char last_key[512];   /* the last address and its dwelling: rows of */
	int64_t last_dw;      /* one household come together */
	struct strmap synced; /* --sync: compounds named, by name */
};

/* Prepare N statements from SQL[] into the pointers OUT[]. */
static int prepare_all(sqlite3 *db, const char *const *sql, sqlite3_stmt **const *out,
		       struct shequ_err *e)
{
	int rc;

	for (; *sql; sql++, out++)
		if ((rc = db_prepare(db, *sql, *out, e)))
			return rc;
	return 0;
}

/*
 * The cleaned values of one row.  NAME, RELATION and TAGCELL point into
 * the buffers after them, or are malloc'd when too long for those (see
 * clean_into()).
 */
struct person_row {
	char compound[256], building[64], unit[64], room[64];
	char *name, *relation, *tagcell;
	char namebuf[256], relbuf[128], tagbuf[512];
	char phone[128];
	struct idcard id;
	uint64_t digest;       /* of the cleaned row (residents_digest()) */
	uint64_t idfp, addrfp; /* bulk load: hashes of the ID and the address */
	int repeat;	       /* bulk load: the ID may have come before in the file */
	int addr;	       /* bulk load: ADDR_NEW, ADDR_SAME or ADDR_SEEN */
	char *tags[MAX_TAGS];
	int ntags;
	char joined[1024];
	char key[512]; /* address_key() */
};

/* The id the next row of TABLE gets: its largest so far plus one. */
static int next_rowid(struct import_ctx *c, const char *table, int64_t *id, struct shequ_err *e)
{
	char sql[80];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT coalesce(max(rowid), 0) + 1 FROM %s", table);
	if ((rc = db_prepare(c->db, sql, &st, e)))
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(c->db, rc, "database", e);
}

/* Prepare the inserts of a bulk load and find the first ids. */
static int residents_bulk_prepare(struct import_ctx *c, struct residents *s, struct shequ_err *e)
{
	char row[64];
	int rc;

	snprintf(row, sizeof row, "(?, ?, ?, ?, ?, %lld, %lld, ?, ?)", (long long)c->import_id,
		 (long long)c->import_id);
	if ((rc = bulk_insert_open(&s->bulk_people, c->db, "person",
				   "INSERT INTO person (id_number, name, relation, phone, "
				   "dwelling_id, changed, last_import, last_line, digest) VALUES ",
				   row, 7, e)) ||
	    (rc = bulk_insert_open(&s->bulk_tags, c->db, "person_tag",
				   "INSERT INTO person_tag (person_id, tag) VALUES ", "(?, ?)", 2,
				   e)) ||
	    (rc = bulk_insert_open(&s->bulk_dwellings, c->db, "dwelling",
				   "INSERT INTO dwelling (stairwell_id, room) VALUES ", "(?, ?)", 2,
				   e)) ||
	    (rc = next_rowid(c, "person", &s->next_pid, e)) ||
	    (rc = next_rowid(c, "dwelling", &s->next_dw, e)))
		return rc;
	s->fresh_dw = s->next_dw == 1;
	return 0;
}

/* Insert what a bulk load has queued. */
static int residents_flush(struct residents *s, struct shequ_err *e)
{
	int rc;

	if ((rc = bulk_insert_flush(&s->bulk_dwellings, e)) ||
	    (rc = bulk_insert_flush(&s->bulk_people, e)))
		return rc;
	return bulk_insert_flush(&s->bulk_tags, e);
}

/* Queue person P of dwelling DW, on the line at hand, as the next id, with the tags. */
static int residents_queue(struct import_ctx *c, struct residents *s, const struct person_row *p,
			   int64_t dw, struct shequ_err *e)
{
	int64_t pid = s->next_pid++;
	int rc, i;

	if ((rc = bulk_insert_text(&s->bulk_people, p->id.id, e)) ||
	    (rc = bulk_insert_text(&s->bulk_people, p->name, e)) ||
	    (rc = bulk_insert_text(&s->bulk_people,
				   p->relation && *p->relation ? p->relation : NULL, e)) ||
	    (rc = bulk_insert_text(&s->bulk_people, *p->phone ? p->phone : NULL, e)))
		return rc;
	bulk_insert_int(&s->bulk_people, dw);
	bulk_insert_int(&s->bulk_people, c->line);
	bulk_insert_int(&s->bulk_people, (int64_t)p->digest);
	if ((rc = bulk_insert_row(&s->bulk_people, pid, e)))
		return rc;
	for (i = 0; i < p->ntags; i++) {
		bulk_insert_int(&s->bulk_tags, pid);
		if ((rc = bulk_insert_text(&s->bulk_tags, p->tags[i], e)) ||
		    (rc = bulk_insert_row(&s->bulk_tags, 0, e)))
			return rc;
	}
	return 0;
}

/*
 * Lift the schema objects NAMES[0..N) of TYPE on person or person_tag for
 * this transaction: their CREATE statements into SQL[] (NULL for one not
 * there), then each dropped (residents_put_back() makes them again).
 * With ALL, none is dropped unless all are there.  *FOUND is 1 when all
 * are there.
 */
static int residents_lift(struct import_ctx *c, const char *type, const char *const *names,
			  size_t n, char **sql, int all, int *found, struct shequ_err *e)
{
	size_t i;
	int rc;

	*found = 1;
	for (i = 0; i < n; i++) {
		if ((rc = db_schema_sql(c->db, type, names[i], &sql[i], e)))
			return rc;
		*found &= sql[i] != NULL;
	}
	for (i = 0; i < n && (*found || !all); i++)
		if (sql[i] && (rc = db_drop(c->db, type, names[i], e)))
			return rc;
	return 0;
}

/* Make again what residents_lift() lifted into SQL[0..N), and forget it. */
static int residents_put_back(struct import_ctx *c, char **sql, size_t n, struct shequ_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = db_put_back(c->db, &sql[i], e)))
			return rc;
	return 0;
}

/*
 * Into an empty person table, load without the ID index: inserting 2.6
 * million IDs in random order into a B-tree costs more than everything
 * else an import does, and sorting them afterwards (CREATE INDEX) a
 * fraction of that.  Repeats within the file are told by hashes
 * instead: residents_clean() keeps those of the IDs so far in
 * C->clean_state and marks a row whose ID may have come before.  People,
 * their tags and new dwellings go in many at a time (see
 * residents_queue()).  All inside the import's transaction, so a crash or
 * a rollback leaves the index as it was.  When the schema is not what we
 * know (the index missing), the slow way: no bulk load.
 */
static int residents_bulk_begin(struct import_ctx *c, struct residents *s, struct shequ_err *e)
{
	struct seen *seen = c->clean_state;
	struct stat sb;
	int rc, all;

	if ((rc = residents_lift(c, "index", bulk_indexes, NBULK, s->index_sql, 1, &all, e)) ||
	    !all)
		return rc;
	/*
	 * Without random inserts into the ID index a small page cache does;
	 * the memory goes to the hashes instead.
	 */
	if ((rc = db_exec(c->db, "PRAGMA cache_size = -16384", e)))
		return rc;
	if ((rc = residents_bulk_prepare(c, s, e)))
		return rc;
	seen->bulk = 1;
	seen->ids.max = SEEN_IDS;
	seen->addresses.max = SEEN_ADDRESSES;
	/* Room ahead for what the file likely holds, rather than growing. */
	if (stat(c->file, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (hashset_reserve(&seen->ids, (size_t)sb.st_size / 64) ||
	     hashset_reserve(&seen->addresses, (size_t)sb.st_size / 160)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	s->bulk = 1;
	return 0;
}

/* Free what residents_clean() remembers, once rows are read no more. */
static void residents_forget_ids(struct import_ctx *c)
{
	struct seen *seen = c->clean_state;

	if (seen) {
		hashset_free(&seen->ids);
		hashset_free(&seen->addresses);
	}
	free(seen);
	c->clean_state = NULL;
}

/*
 * Leave the bulk load: build the indexes again, from the rows so far.
 * Called when an ID may repeat (from then on the index tells) and after
 * the last row.
 */
static int residents_bulk_end(struct import_ctx *c, struct residents *s, struct shequ_err *e)
{
	int rc;

	if (!s->bulk)
		return 0;
	s->bulk = 0;
	if ((rc = residents_flush(s, e)))
		return rc;
	/*
	 * SQLite's sorter takes as much memory as the page cache: a small
	 * one keeps the peak within bounds, and sorts faster too (runs that
	 * fit the CPU's caches).  Then the big cache again for the look-ups.
	 * One helper thread lets the sorter sort and merge its runs while
	 * this one reads the table: a quarter less wall time for the
	 * indexes, for some 4 MiB more (two helpers gain nothing on two
	 * cores).  A SQLite built without worker threads ignores it.
	 */
	if ((rc = db_exec(c->db, "PRAGMA cache_size = -2000", e)) ||
	    (rc = db_exec(c->db, "PRAGMA threads = 1", e)))
		return rc;
	if ((rc = residents_put_back(c, s->index_sql, NBULK, e)) ||
	    (rc = db_exec(c->db, "PRAGMA threads = 0", e)))
		return rc;
	return db_exec(c->db, "PRAGMA cache_size = -65536", e);
}

/* Prepare the statements of a row's database work into S. */
static int residents_prepare(struct import_ctx *c, struct residents *s, struct shequ_err *e)
{
	static const char *const sql[] = {
	    "SELECT id, name, relation, phone, dwelling_id, moved_out, last_import, last_line, "
	    "digest FROM person WHERE id_number = ?1",
	    /* Plain INSERT when the SELECT just found no such ID in this
	     * transaction: the upsert's conflict machinery costs a third of
	     * the time of a first import.  The digest is ?10 here as in the
	     * upsert, whose ?8 and ?9 this one has no use for. */
	    "INSERT INTO person (id_number, name, relation, phone, dwelling_id, changed, "
	    "last_import, last_line, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?10)",
	    "INSERT INTO person (id_number, name, relation, phone, dwelling_id, changed, "
	    "last_import, last_line, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?10) "
	    "ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, "
	    /* ?8 and ?9: whether the file has relation and phone (see
	     * import_has()): a column it lacks keeps what is stored. */
	    "relation = CASE WHEN ?8 THEN excluded.relation ELSE relation END, "
	    "phone = CASE WHEN ?9 THEN excluded.phone ELSE phone END, "
	    "dwelling_id = excluded.dwelling_id, moved_out = NULL, changed = excluded.changed, "
	    "last_import = excluded.last_import, last_line = excluded.last_line, "
	    "digest = excluded.digest",
	    /* ?4 is NULL when the file lacks a column: what it has is as
	     * stored, so the digest stored is still the person's. */
	    "UPDATE person SET last_import = ?1, last_line = ?2, digest = coalesce(?4, digest) "
	    "WHERE id = ?3",
	    "SELECT group_concat(tag, char(31)) FROM "
	    "(SELECT tag FROM person_tag WHERE person_id = ?1 ORDER BY tag)",
	    "DELETE FROM person_tag WHERE person_id = ?1",
	    "INSERT INTO person_tag (person_id, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	    "INSERT INTO person_move (person_id, from_dwelling, to_dwelling, moved) "
	    "VALUES (?1, ?2, ?3, ?4)",
	    "SELECT id FROM dwelling WHERE stairwell_id = ?1 AND room = ?2",
	    "INSERT INTO dwelling (stairwell_id, room) VALUES (?1, ?2)",
	    "INSERT INTO dwelling (stairwell_id, room) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	    NULL,
	};
	sqlite3_stmt **const out[] = {
	    &s->sel,	&s->insert, &s->upsert, &s->mark,  &s->tags,  &s->deltag,
	    &s->instag, &s->move,   &s->seldw,	&s->insdw, &s->newdw,
	};
	int rc;

	if ((rc = prepare_all(c->db, sql, out, e)))
		return rc;
	/* Bound once: the upsert's other parameters are bound row by row. */
	sqlite3_bind_int(s->upsert, 8, import_has(c, R_RELATION));
	sqlite3_bind_int(s->upsert, 9, import_has(c, R_PHONE));
	s->full = import_has(c, R_RELATION) && import_has(c, R_PHONE) && import_has(c, R_TAGS);
	return 0;
}

/* The integer the query SQL returns into *V (left as it is without a row). */
static int residents_ask(struct import_ctx *c, const char *sql, int64_t *v, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(c->db, sql, &st, e)))
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, rc, "database", e);
}

/* How many digests residents_known_add() fetches the slots of ahead. */
#define KNOWN_AHEAD 32

/*
 * The digests ST returns into S->known, until it is done or S->known is
 * full; their slots fetched a batch ahead, as they go in at random.
 * Returns the last sqlite3_step() code.
 */
static int residents_known_add(struct residents *s, sqlite3_stmt *st)
{
	uint64_t batch[KNOWN_AHEAD];
	int rc = SQLITE_ROW, n, i;

	while (rc == SQLITE_ROW) {
		for (n = 0; n < KNOWN_AHEAD && (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
			batch[n] = (uint64_t)sqlite3_column_int64(st, 0);
			digest_map_prefetch(&s->known, batch[n]);
		}
		for (i = 0; i < n; i++)
			if (digest_map_add(&s->known, batch[i]))
				return SQLITE_DONE;
	}
	return rc;
}

/*
 * The digests of the current people into S->known, as many as it may hold
 * (a person left out is compared in full).  The page cache gives up what
 * the digests take.
 */
static int residents_known_load(struct import_ctx *c, struct residents *s, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int64_t last = 0;
	int rc;

	if ((rc = residents_ask(c, "SELECT max(rowid) FROM person", &last, e)))
		return rc;
	if (digest_map_reserve(&s->known, (size_t)last))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if ((rc = db_exec(c->db, KNOWN_CACHE, e)) ||
	    (rc = db_prepare(
		 c->db, "SELECT digest FROM person WHERE digest IS NOT NULL AND moved_out IS NULL",
		 &st, e)))
		return rc;
	rc = residents_known_add(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c->db, rc, "database", e);
	((struct seen *)c->clean_state)->known = &s->known;
	return 0;
}

/*
 * Set the import of people up: statements, what the database holds
 * already, the triggers lifted; then a bulk load into an empty person
 * table, or the digests of the people there.
 */
static int residents_begin(struct import_ctx *c, struct shequ_err *e)
{
	struct residents *s = calloc(1, sizeof *s);
	int64_t closed = 0, empty = 0;
	int rc, all;

	if (!s)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->state = s;
	if ((rc = residents_lift(c, "trigger", digest_triggers, NTRIGGERS, s->trigger_sql, 0, &all,
				 e)) ||
	    (rc = residents_prepare(c, s, e)) ||
	    (rc = residents_ask(c, "SELECT EXISTS (SELECT 1 FROM building WHERE units IS NOT NULL)",
				&closed, e)) ||
	    (rc = residents_ask(c, "SELECT NOT EXISTS (SELECT 1 FROM person)", &empty, e)))
		return rc;
	s->closed = (int)closed;
	s->empty = (int)empty;
	if (!(c->clean_state = calloc(1, sizeof(struct seen))))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return s->empty ? residents_bulk_begin(c, s, e) : residents_known_load(c, s, e);
}

static void residents_end(struct import_ctx *c)
{
	struct residents *s = c->state;
	size_t i;

	if (!s)
		return;
	sqlite3_finalize(s->sel);
	sqlite3_finalize(s->insert);
	sqlite3_finalize(s->upsert);
	sqlite3_finalize(s->mark);
	sqlite3_finalize(s->tags);
	sqlite3_finalize(s->deltag);
	sqlite3_finalize(s->instag);
	sqlite3_finalize(s->move);
	sqlite3_finalize(s->seldw);
	sqlite3_finalize(s->insdw);
	sqlite3_finalize(s->newdw);
	bulk_insert_close(&s->bulk_people);
	bulk_insert_close(&s->bulk_tags);
	bulk_insert_close(&s->bulk_dwellings);
	strmap_free(&s->synced);
	residents_forget_ids(c);
	for (i = 0; i < NBULK; i++)
		free(s->index_sql[i]);
	for (i = 0; i < NTRIGGERS; i++)
		free(s->trigger_sql[i]);
	digest_map_free(&s->known);
	free(s);
	c->state = NULL;
}

/* Compare function for qsort of tag strings. */
static int tag_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Split the normalised tag cell T in place on 、 , ; / into TAGS (at most
 * MAX_TAGS, sorted, without empties or repeats), joined with U+001F into
 * JOINED (N bytes) for comparing with the database.  Returns the count.
 */
static int split_tags(char *t, char **tags, char *joined, size_t n)
{
	int k = 0, i, j;
	char *p = t, *start = t;
	size_t len;

	for (;;) {
		int sep = 0;

		if (*p == ',' || *p == ';' || *p == '/')
			sep = 1;
		else if ((unsigned char)p[0] == 0xe3 && (unsigned char)p[1] == 0x80 &&
			 (unsigned char)p[2] == 0x81)
			sep = 3; /* 、 */
		if (sep || !*p) {
			char *end = p, done = !*p;

			while (start < end && *start == ' ')
				start++;
			while (end > start && end[-1] == ' ')
				end--;
			*end = 0;
			if (*start && k < MAX_TAGS)
				tags[k++] = start;
			if (done)
				break;
			p += sep;
			start = p;
			continue;
		}
		p++;
	}
	qsort(tags, (size_t)k, sizeof *tags, tag_cmp);
	for (i = j = 0; i < k; i++)
		if (!j || strcmp(tags[j - 1], tags[i]))
			tags[j++] = tags[i];
	/* As snprintf would, cut to N - 1 bytes; without its cost a row. */
	for (i = 0, len = 0; i < j; i++) {
		size_t m;

		if (i && len < n - 1)
			joined[len++] = '\x1f';
		m = strlen(tags[i]);
		if (m > n - 1 - len)
			m = n - 1 - len;
		memcpy(joined + len, tags[i], m);
		len += m;
	}
	joined[len] = 0;
	return j;
}

/*
 * The dwelling at ROOM of stairwell SW in *ID, made when missing.  Into a
 * database that had nobody the dwelling is almost always new: then insert
 * first and look up only when it was there (a look-up saved for each new
 * household); otherwise look up first.
 */
static int residents_dwelling(struct import_ctx *c, struct residents *s, int64_t sw,
			      const char *room, int64_t *id, struct shequ_err *e)
{
	int rc;

	if (s->empty) {
		sqlite3_bind_int64(s->newdw, 1, sw);
		sqlite3_bind_text(s->newdw, 2, room, -1, SQLITE_STATIC);
		if ((rc = import_step_done(c, s->newdw, "database", e)))
			return rc;
		if (sqlite3_changes(c->db)) {
			*id = sqlite3_last_insert_rowid(c->db);
			c->st->households++;
			return 0;
		}
	}
	sqlite3_bind_int64(s->seldw, 1, sw);
	sqlite3_bind_text(s->seldw, 2, room, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->seldw);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s->seldw, 0) : 0;
	sqlite3_reset(s->seldw);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c->db, rc, "database", e);
	if (*id)
		return 0;
	sqlite3_bind_int64(s->insdw, 1, sw);
	sqlite3_bind_text(s->insdw, 2, room, -1, SQLITE_STATIC);
	if ((rc = import_step_done(c, s->insdw, "database", e)))
		return rc;
	*id = sqlite3_last_insert_rowid(c->db);
	c->st->households++;
	return 0;
}

/* Replace the tags of person PID by TAGS[0..N). */
static int residents_set_tags(struct import_ctx *c, struct residents *s, int64_t pid,
			      char *const *tags, int n, int replace, struct shequ_err *e)
{
	int rc, i;

	if (replace) {
		sqlite3_bind_int64(s->deltag, 1, pid);
		if ((rc = import_step_done(c, s->deltag, "database", e)))
			return rc;
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(s->instag, 1, pid);
		sqlite3_bind_text(s->instag, 2, tags[i], -1, SQLITE_STATIC);
		if ((rc = import_step_done(c, s->instag, "database", e)))
			return rc;
	}
	return 0;
}

/* Record a move of PID from FROM to TO (0: none) in person_move. */
static int residents_move(struct import_ctx *c, struct residents *s, int64_t pid, int64_t from,
			  int64_t to, struct shequ_err *e)
{
	sqlite3_bind_int64(s->move, 1, pid);
	if (from)
		sqlite3_bind_int64(s->move, 2, from);
	else
		sqlite3_bind_null(s->move, 2);
	if (to)
		sqlite3_bind_int64(s->move, 3, to);
	else
		sqlite3_bind_null(s->move, 3);
	sqlite3_bind_text(s->move, 4, c->now, -1, SQLITE_STATIC);
	return import_step_done(c, s->move, "database", e);
}

/*
 * norm_text(IN), or norm_name(IN) when NAME, into BUF (N bytes) when it
 * fits, else malloc'd: no allocation for the usual short cell.  NULL only
 * when out of memory.
 */
static char *clean_into(const char *in, int name, char *buf, size_t n)
{
	if (!(name ? norm_name_to(in, buf, n) : norm_text_to(in, buf, n)))
		return buf;
	return name ? norm_name(in) : norm_text(in);
}

/* Free a string of clean_into() unless it is BUF. */
static void clean_free(char *s, const char *buf)
{
	if (s != buf)
		free(s);
}

/* Join the four parts of the address with U+001F into KEY (N bytes). */
static void address_key(const struct person_row *p, char *key, size_t n)
{
	const char *part[4] = {p->compound, p->building, p->unit, p->room};
	size_t len = 0, k, i;

	for (i = 0; i < 4; i++) {
		k = strlen(part[i]);
		if (len + k + 2 > n)
			k = n - len - 2;
		memcpy(key + len, part[i], k);
		len += k;
		key[len++] = i < 3 ? '\x1f' : 0;
	}
}

/*
 * Mark P: whether its ID may repeat one before, and where its address
 * stands (see ADDR_NEW); then remember both.  The hashes were taken
 * (and their slots fetched) while the row was cleaned.  A full set marks
 * every row after as a possible repeat: the bulk load ends, the indexes
 * tell.  EX_SOFTWARE when out of memory.
 */
static int residents_seen(struct seen *seen, struct person_row *p, struct shequ_err *e)
{
	int rc;

	if (!(p->repeat = hashset_has(&seen->ids, p->idfp))) {
		if ((rc = hashset_add(&seen->ids, p->idfp)) == HASHSET_FULL)
			p->repeat = 1;
		else if (rc)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	if (strcmp(p->key, seen->last) == 0) {
		p->addr = ADDR_SAME;
		return 0;
	}
	import_copy_str(seen->last, sizeof seen->last, p->key);
	p->addr = hashset_has(&seen->addresses, p->addrfp) ? ADDR_SEEN : ADDR_NEW;
	if (p->addr == ADDR_NEW && (rc = hashset_add(&seen->addresses, p->addrfp))) {
		if (rc != HASHSET_FULL)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		p->addr = ADDR_SEEN;
	}
	return 0;
}

/* 1 when the address cells of V are as in the row before (SEEN->raw). */
static int residents_same_raw(const struct seen *seen, char *const *v)
{
	return seen->have_raw && !strcmp(v[R_ROOM], seen->raw[3]) &&
	       !strcmp(v[R_UNIT], seen->raw[2]) && !strcmp(v[R_BUILDING], seen->raw[1]) &&
	       !strcmp(v[R_COMPOUND], seen->raw[0]);
}

/*
 * Clean the address of V into P: compound, building, unit and room; a
 * copy of the row before's when written the same.  EX_DATAERR with R
 * filled when it is bad.
 */
static int residents_address(struct seen *seen, char *const *v, struct person_row *p,
			     struct import_reject *r, struct shequ_err *e)
{
	static const int cell[4] = {R_COMPOUND, R_BUILDING, R_UNIT, R_ROOM};
	struct shequ_err why;
	char *t;
	int rc, i;

	if (residents_same_raw(seen, v)) {
		import_copy_str(p->compound, sizeof p->compound, seen->compound);
		import_copy_str(p->building, sizeof p->building, seen->building);
		import_copy_str(p->unit, sizeof p->unit, seen->unit);
		import_copy_str(p->room, sizeof p->room, seen->room);
		return 0;
	}
	seen->have_raw = 0;
	shequ_err_clear(&why);
	if (!norm_text_to(v[R_COMPOUND], p->compound, sizeof p->compound)) {
		if (!p->compound[0])
			return import_reject(r, R_COMPOUND, "empty");
	} else if (!(t = norm_text(v[R_COMPOUND]))) {
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	} else if (!*t || strlen(t) >= sizeof p->compound) {
		int empty = !*t;

		free(t);
		return import_reject(r, R_COMPOUND, empty ? "empty" : "too long");
	} else {
		import_copy_str(p->compound, sizeof p->compound, t);
		free(t);
	}
	if ((rc = import_norm_place('b', v[R_BUILDING], p->building, sizeof p->building, &why)))
		return rc == EX_DATAERR ? import_reject(r, R_BUILDING, "%s", why.msg)
					: shequ_err_set(e, rc, "%s", why.msg);
	if ((rc = import_norm_place('u', v[R_UNIT], p->unit, sizeof p->unit, &why)))
		return rc == EX_DATAERR ? import_reject(r, R_UNIT, "%s", why.msg)
					: shequ_err_set(e, rc, "%s", why.msg);
	if ((rc = import_norm_place('r', v[R_ROOM], p->room, sizeof p->room, &why)))
		return rc == EX_DATAERR ? import_reject(r, R_ROOM, "%s", why.msg)
					: shequ_err_set(e, rc, "%s", why.msg);
	/* Remembered when every cell fits (a longer one is cleaned each time). */
	for (i = 0; i < 4; i++)
		if (strlen(v[cell[i]]) >= sizeof seen->raw[i])
			return 0;
	for (i = 0; i < 4; i++)
		import_copy_str(seen->raw[i], sizeof seen->raw[i], v[cell[i]]);
	import_copy_str(seen->compound, sizeof seen->compound, p->compound);
	import_copy_str(seen->building, sizeof seen->building, p->building);
	import_copy_str(seen->unit, sizeof seen->unit, p->unit);
	import_copy_str(seen->room, sizeof seen->room, p->room);
	seen->have_raw = 1;
	return 0;
}

/*
 * The digest of P: every value a person's row and tags store, cleaned.  A
 * cell of a column the file lacks counts as empty, as a new person would
 * store it.
 */
static uint64_t residents_digest(const struct person_row *p)
{
	const char *part[] = {p->id.id,	   p->name,	p->relation, p->phone,
			      p->compound, p->building, p->unit,     p->room};
	uint64_t h = DIGEST_START;
	size_t i;

	for (i = 0; i < sizeof part / sizeof *part; i++)
		h = digest_text(h, part[i]);
	for (i = 0; i < (size_t)p->ntags; i++)
		h = digest_text(h, p->tags[i]);
	return digest_end(h);
}

/*
 * Check and clean V into OUT, a struct person_row; EX_DATAERR with R
 * filled when it is bad.  On the reader thread: see import_impl.h.
 */
static int residents_clean(const struct import_ctx *c, char *const *v, void *out,
			   struct import_reject *r, struct import_reject *w, struct shequ_err *e)
{
	struct person_row *p = out;
	struct seen *seen = c->clean_state;
	struct shequ_err why; /* cleared below, not zeroed: a kilobyte a row */
	int rc;

	shequ_err_clear(&why);
	p->name = p->relation = p->tagcell = NULL;
	p->repeat = 0;
	p->addr = ADDR_SEEN;
	if ((rc = idcard_parse(v[R_ID], c->today_y, c->today_m, c->today_d, &p->id, &why)))
		return rc == EX_DATAERR ? import_reject(r, R_ID, "%s", why.msg)
					: shequ_err_set(e, rc, "%s", why.msg);
	if (seen->bulk) {
		p->idfp = hashset_key(p->id.id);
		hashset_prefetch(&seen->ids, p->idfp);
	}
	if (!(p->name = clean_into(v[R_NAME], 1, p->namebuf, sizeof p->namebuf)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (name_check(p->name, &why))
		return import_reject(r, R_NAME, "%s", why.msg);
	if ((rc = residents_address(seen, v, p, r, e)))
		return rc;
	address_key(p, p->key, sizeof p->key);
	if (seen->bulk) {
		p->addrfp = hashset_key(p->key);
		hashset_prefetch(&seen->addresses, p->addrfp);
	}
	if (!(p->relation = clean_into(v[R_RELATION], 0, p->relbuf, sizeof p->relbuf)) ||
	    !(p->tagcell = clean_into(v[R_TAGS], 0, p->tagbuf, sizeof p->tagbuf)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	p->phone[0] = 0;
	if (*v[R_PHONE]) {
		rc = phone_normalize(v[R_PHONE], p->phone, sizeof p->phone, &why);
		if (rc == EX_DATAERR && p->phone[0]) {
			char m[MASK_SIZE];

			mask_phone(p->phone, m, sizeof m);
			import_reject(w, R_PHONE, "%s (%s); kept as written", why.msg, m);
		} else if (rc && rc != EX_DATAERR) {
			return shequ_err_set(e, rc, "%s", why.msg);
		}
	}
	p->ntags = split_tags(p->tagcell, p->tags, p->joined, sizeof p->joined);
	p->digest = residents_digest(p);
	if (seen->known)
		digest_map_prefetch(seen->known, p->digest);
	return seen->bulk ? residents_seen(seen, p, e) : 0;
}

/* Remember that the roster names compound NAME (for --sync). */
static int residents_note_compound(struct residents *s, const char *name, struct shequ_err *e)
{
	int64_t dummy;

	if (!strmap_get(&s->synced, name, &dummy) && strmap_put(&s->synced, name, 1))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* What the database holds about the person with the ID at hand. */
struct person_found {
	int found, same, wasout;
	int64_t pid, olddw;
	uint32_t *listed; /* the line that listed their stored digest (S->known), or NULL */
};

/*
 * Look the person of P up into *F; EX_DATAERR with R filled when this
 * import already listed them (a repeat within the file).
 */
static int residents_find(struct import_ctx *c, struct residents *s, const struct person_row *p,
			  struct person_found *f, struct import_reject *r, struct shequ_err *e)
{
	int rc;

	memset(f, 0, sizeof *f);
	sqlite3_bind_text(s->sel, 1, p->id.id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->sel);
	f->found = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(s->sel);
		return db_fail(c->db, rc, "database", e);
	}
	if (f->found) {
		if (sqlite3_column_int64(s->sel, 6) == c->import_id) {
			long dupline = (long)sqlite3_column_int64(s->sel, 7);

			sqlite3_reset(s->sel);
			return import_reject(r, R_ID, "duplicate of line %ld", dupline);
		}
		if (sqlite3_column_type(s->sel, 8) != SQLITE_NULL &&
		    (f->listed =
			 digest_map_find(&s->known, (uint64_t)sqlite3_column_int64(s->sel, 8))) &&
		    *f->listed) {
			/* An earlier row listed them as stored (residents_known()). */
			sqlite3_reset(s->sel);
			return import_reject(r, R_ID, "duplicate of line %lu",
					     (unsigned long)*f->listed);
		}
		f->pid = sqlite3_column_int64(s->sel, 0);
		f->olddw = sqlite3_column_int64(s->sel, 4);
		f->wasout = sqlite3_column_type(s->sel, 5) != SQLITE_NULL;
		f->same = !f->wasout && import_col_eq(s->sel, 1, p->name) &&
			  (!import_has(c, R_RELATION) || import_col_eq(s->sel, 2, p->relation)) &&
			  (!import_has(c, R_PHONE) || import_col_eq(s->sel, 3, p->phone));
	}
	sqlite3_reset(s->sel);
	return 0;
}

/*
 * Bind TEXT (NULL or "": SQL NULL) to parameter I without a copy: TEXT
 * must outlive the sqlite3_step() that follows.
 */
static void bind_static(sqlite3_stmt *st, int i, const char *text)
{
	if (!text || !*text)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

/*
 * The dwelling of P in *DW: the row before's again when CACHED, else
 * looked up (or made) anew and remembered for the rows after.
 */
static int residents_household(struct import_ctx *c, struct residents *s,
			       const struct person_row *p, int cached, int64_t *dw,
			       struct import_reject *r, struct shequ_err *e)
{
	static const int cols[3] = {R_COMPOUND, R_BUILDING, R_UNIT};
	int64_t sw;
	int rc;

	if (cached) {
		*dw = s->last_dw;
		return 0;
	}
	if ((rc = import_stairwell(c, p->compound, p->building, p->unit, !s->closed, cols, &sw, r,
				   e)))
		return rc;
	if (s->bulk && s->fresh_dw && p->addr == ADDR_NEW) {
		/* Certainly new: it goes in with the people. */
		*dw = s->next_dw++;
		bulk_insert_int(&s->bulk_dwellings, sw);
		if ((rc = bulk_insert_text(&s->bulk_dwellings, p->room, e)) ||
		    (rc = bulk_insert_row(&s->bulk_dwellings, *dw, e)))
			return rc;
		c->st->households++;
	} else {
		if (s->bulk && (rc = bulk_insert_flush(&s->bulk_dwellings, e)))
			return rc;
		if ((rc = residents_dwelling(c, s, sw, p->room, dw, e)))
			return rc;
		if (*dw >= s->next_dw)
			s->next_dw = *dw + 1;
	}
	import_copy_str(s->last_key, sizeof s->last_key, p->key);
	s->last_dw = *dw;
	return 0;
}

/*
 * 1 when person PID has P's tags already, or when the file has no tags
 * column (then it leaves the tags as they are).
 */
static int residents_same_tags(struct import_ctx *c, struct residents *s,
			       const struct person_row *p, int64_t pid)
{
	const char *t;
	int same = 1;

	if (!import_has(c, R_TAGS))
		return 1;
	sqlite3_bind_int64(s->tags, 1, pid);
	if (sqlite3_step(s->tags) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s->tags, 0);
		same = strcmp(t ? t : "", p->joined) == 0;
	}
	sqlite3_reset(s->tags);
	return same;
}

/*
 * Note that this import saw person PID, who is as the row P says; so is
 * their digest, when the file has every column it covers.
 */
static int residents_mark(struct import_ctx *c, struct residents *s, int64_t pid,
			  const struct person_row *p, struct shequ_err *e)
{
	sqlite3_bind_int64(s->mark, 1, c->import_id);
	sqlite3_bind_int64(s->mark, 2, c->line);
	sqlite3_bind_int64(s->mark, 3, pid);
	if (s->full)
		sqlite3_bind_int64(s->mark, 4, (int64_t)p->digest);
	else
		sqlite3_bind_null(s->mark, 4);
	c->st->unchanged++;
	return import_step_done(c, s->mark, "database", e);
}

/*
 * Insert P, new, or update the person F found, in dwelling DW; then the
 * tags (unless SAMETAGS) and the move to DW.
 */
static int residents_write(struct import_ctx *c, struct residents *s, const struct person_row *p,
			   const struct person_found *f, int64_t dw, int sametags,
			   struct import_reject *r, struct shequ_err *e)
{
	sqlite3_stmt *st = f->found ? s->upsert : s->insert;
	struct person_found again;
	int rc;

	sqlite3_bind_text(st, 1, p->id.id, 18, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	bind_static(st, 3, p->relation);
	bind_static(st, 4, p->phone);
	sqlite3_bind_int64(st, 5, dw);
	sqlite3_bind_int64(st, 6, c->import_id);
	sqlite3_bind_int64(st, 7, c->line);
	/* A person made is stored as the row says; one updated only when the
	 * file has every column (else what it lacks stays as it was). */
	if (!f->found || s->full)
		sqlite3_bind_int64(st, 10, (int64_t)p->digest);
	else
		sqlite3_bind_null(st, 10);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT && !f->found && s->empty) {
		/* A repeat of an ID earlier in the file (see residents_import()). */
		int why = residents_find(c, s, p, &again, r, e);

		if (why)
			return why;
	}
	if (rc != SQLITE_DONE)
		return db_fail(c->db, rc, "database", e);
	if (!f->found) {
		c->st->inserted++;
		return residents_set_tags(c, s, sqlite3_last_insert_rowid(c->db), p->tags, p->ntags,
					  0, e);
	}
	c->st->updated++;
	if ((f->olddw != dw || f->wasout) &&
	    (rc = residents_move(c, s, f->pid, f->wasout ? 0 : f->olddw, dw, e)))
		return rc;
	if (!sametags)
		return residents_set_tags(c, s, f->pid, p->tags, p->ntags, 1, e);
	return 0;
}

/* LINE as digest_map keeps it (a line past 4 billion is said as that). */
static uint32_t line32(long line)
{
	return line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

/* residents_known(): the row is as stored, and done. */
#define KNOWN_AS_STORED 1

/*
 * When the digest of P is that of a current person (S->known), the row is
 * as stored: nothing to look up or write, only counted (and its compound
 * noted for --sync), and the digest marked as listed by this line.
 * Returns KNOWN_AS_STORED then; 0 when the row must be compared in full;
 * EX_DATAERR with R filled when an earlier row listed the same.
 */
static int residents_known(struct import_ctx *c, struct residents *s, const struct person_row *p,
			   struct import_reject *r, struct shequ_err *e)
{
	uint32_t *line = digest_map_find(&s->known, p->digest);
	int rc;

	if (!line)
		return 0;
	if (*line)
		return import_reject(r, R_ID, "duplicate of line %lu", (unsigned long)*line);
	if (c->o->sync && (rc = residents_note_compound(s, p->compound, e)))
		return rc;
	*line = line32(c->line);
	c->st->unchanged++;
	return KNOWN_AS_STORED;
}

/* Import one person: see the top of the file. */
static int residents_import(struct import_ctx *c, struct residents *s, struct person_row *p,
			    struct import_reject *r, struct shequ_err *e)
{
	struct person_found f;
	int64_t dw;
	int sametags, cached, rc;

	if ((rc = residents_known(c, s, p, r, e)))
		return rc == KNOWN_AS_STORED ? 0 : rc;
	cached = s->last_dw && strcmp(p->key, s->last_key) == 0;
	/*
	 * Bulk load: an ID not seen before in this file goes straight in.
	 * One that may have been (the hash matches) ends the bulk
	 * load, and the index tells from then on.
	 */
	if (s->bulk && p->repeat && (rc = residents_bulk_end(c, s, e)))
		return rc;
	/*
	 * Into a database that had nobody, a person at the address of the row
	 * before goes straight in: the ID's UNIQUE index tells a repeat, and
	 * nothing was made for the row that would need undoing.  That saves a
	 * look-up in the ID index (random order) for most rows.
	 */
	if (s->bulk || (s->empty && cached))
		memset(&f, 0, sizeof f);
	else if ((rc = residents_find(c, s, p, &f, r, e)))
		return rc;
	if ((rc = residents_household(c, s, p, cached, &dw, r, e)))
		return rc;
	if (c->o->sync && (rc = residents_note_compound(s, p->compound, e)))
		return rc;
	sametags = !f.found || residents_same_tags(c, s, p, f.pid);
	if (f.found && f.same && sametags && f.olddw == dw) {
		rc = residents_mark(c, s, f.pid, p, e);
	} else if (s->bulk) {
		c->st->inserted++;
		rc = residents_queue(c, s, p, dw, e);
	} else {
		rc = residents_write(c, s, p, &f, dw, sametags, r, e);
	}
	/* A later row as they were stored is a repeat of this one. */
	if (!rc && f.listed)
		*f.listed = line32(c->line);
	return rc;
}

static int residents_store(struct import_ctx *c, void *out, struct import_reject *r,
			   struct shequ_err *e)
{
	return residents_import(c, c->state, out, r, e);
}

/* Free what residents_clean() allocated in OUT. */
static void residents_clean_free(void *out)
{
	struct person_row *p = out;

	clean_free(p->name, p->namebuf);
	clean_free(p->relation, p->relbuf);
	clean_free(p->tagcell, p->tagbuf);
}

/*
 * SQL import_listed(DIGEST): 1 when a row of this import listed the
 * person with that stored digest as stored (residents_known()), so that
 * --sync tells them from those no row listed.
 */
static void residents_listed_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct digest_map *known = sqlite3_user_data(ctx);
	uint32_t *line;

	(void)argc;
	line = sqlite3_value_type(argv[0]) == SQLITE_NULL
		   ? NULL
		   : digest_map_find(known, (uint64_t)sqlite3_value_int64(argv[0]));
	sqlite3_result_int(ctx, line && *line);
}

/* Prepare the two statements of --sync (residents_sync()). */
static int residents_sync_prepare(struct import_ctx *c, sqlite3_stmt **mv, sqlite3_stmt **out,
				  struct shequ_err *e)
{
	int rc;

	if ((rc = db_prepare(
		 c->db,
		 "INSERT INTO person_move (person_id, from_dwelling, to_dwelling, moved) "
		 "SELECT p.id, p.dwelling_id, NULL, ?2 FROM person p "
		 "JOIN dwelling d ON d.id = p.dwelling_id "
		 "JOIN stairwell w ON w.id = d.stairwell_id "
		 "JOIN building b ON b.id = w.building_id "
		 "JOIN compound k ON k.id = b.compound_id "
		 "WHERE k.name = ?1 AND p.moved_out IS NULL "
		 "AND p.last_import IS NOT ?3 AND NOT import_listed(p.digest)",
		 mv, e)))
		return rc;
	return db_prepare(c->db,
			  "UPDATE person SET moved_out = ?2, changed = ?3 "
			  "WHERE moved_out IS NULL AND last_import IS NOT ?3 "
			  "AND NOT import_listed(digest) AND dwelling_id IN "
			  "(SELECT d.id FROM dwelling d "
			  "JOIN stairwell w ON w.id = d.stairwell_id "
			  "JOIN building b ON b.id = w.building_id "
			  "JOIN compound k ON k.id = b.compound_id WHERE k.name = ?1)",
			  out, e);
}

/*
 * --sync: the residents of the compounds named whom no row listed move
 * out.  A person listed was written by this import (last_import) or
 * found as stored (import_listed()).
 */
static int residents_sync(struct import_ctx *c, struct residents *s, struct shequ_err *e)
{
	sqlite3_stmt *mv = NULL, *out = NULL;
	size_t i;
	int rc;

	if (sqlite3_create_function(c->db, "import_listed", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				    &s->known, residents_listed_fn, NULL, NULL) != SQLITE_OK)
		return db_fail(c->db, sqlite3_errcode(c->db), "database", e);
	if ((rc = residents_sync_prepare(c, &mv, &out, e)))
		goto done;
	for (i = 0; i < s->synced.cap; i++) {
		if (!s->synced.keys[i])
			continue;
		sqlite3_bind_text(mv, 1, s->synced.keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(mv, 2, c->now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(mv, 3, c->import_id);
		sqlite3_bind_text(out, 1, s->synced.keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(out, 2, c->now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(out, 3, c->import_id);
		if ((rc = import_step_done(c, mv, "database", e)) ||
		    (rc = import_step_done(c, out, "database", e)))
			goto done;
		c->st->moved_out += sqlite3_changes(c->db);
	}
done:
	sqlite3_finalize(mv);
	sqlite3_finalize(out);
	sqlite3_create_function(c->db, "import_listed", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	return rc;
}

/*
 * After the last row: the indexes again after a bulk load; with --sync,
 * residents of the compounds named who were not listed move out; the
 * digest triggers back in place.
 */
static int residents_finish(struct import_ctx *c, struct shequ_err *e)
{
	struct residents *s = c->state;
	int rc;

	residents_forget_ids(c);
	if ((rc = residents_bulk_end(c, s, e)))
		return rc;
	if (c->o->sync && c->st->rejected) {
		if (c->o->report)
			c->o->report(c->o->ctx, IMPORT_NOTE, c->file, 0, NULL,
				     "--sync skipped: rows were rejected, so nobody is marked "
				     "moved out");
	} else if (c->o->sync && (rc = residents_sync(c, s, e))) {
		return rc;
	}
	return residents_put_back(c, s->trigger_sql, NTRIGGERS, e);
}

const struct import_register import_residents = {
    .name = "residents",
    .columns = columns,
    .required = 1u << R_COMPOUND | 1u << R_BUILDING | 1u << R_UNIT | 1u << R_ROOM | 1u << R_NAME |
		1u << R_ID,
    .begin = residents_begin,
    .clean_size = sizeof(struct person_row),
    .clean = residents_clean,
    .store = residents_store,
    .clean_free = residents_clean_free,
    .finish = residents_finish,
    .end = residents_end,
};
