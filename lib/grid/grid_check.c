/* grid_check.c - see grid_check.h. */
#include <errno.h>
#include <string.h>

#include "base/csvout.h"
#include "db/db.h"
#include "domain/mask.h"
#include "grid/grid_check.h"

/*
 * Each check is one query giving the columns finding, grid, compound,
 * building, unit, name, phone, detail (NULL where they do not apply);
 * ?1 and ?2 are the bounds.  Current households are dwellings with a
 * current resident; current grids are grids not retired.
 */
static const char *const checks[] = {
    /* households in no grid, one row per stairwell */
    "SELECT 'household_no_grid', NULL, c.name, b.name, s.unit, NULL, NULL,"
    " count(*) || ' households'"
    " FROM dwelling d JOIN stairwell s ON s.id = d.stairwell_id"
    " JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id"
    " WHERE EXISTS (SELECT 1 FROM person p WHERE p.dwelling_id = d.id AND p.moved_out IS NULL)"
    " AND NOT EXISTS (SELECT 1 FROM grid_stairwell gs JOIN grid g ON g.id = gs.grid_id"
    "  WHERE gs.stairwell_id = s.id AND g.retired IS NULL)"
    " GROUP BY s.id ORDER BY c.id, b.id, s.id",
    /* grids out of bounds */
    "SELECT 'grid_out_of_bounds', g.code, c.name, NULL, NULL, NULL, NULL,"
    " n || ' households, ' || CASE WHEN n < ?1 THEN 'below the minimum ' || ?1"
    " ELSE 'above the maximum ' || ?2 END"
    " FROM (SELECT g.id, (SELECT count(*) FROM grid_stairwell gs JOIN dwelling d"
    "  ON d.stairwell_id = gs.stairwell_id WHERE gs.grid_id = g.id AND EXISTS"
    "  (SELECT 1 FROM person p WHERE p.dwelling_id = d.id AND p.moved_out IS NULL)) AS n"
    "  FROM grid g WHERE g.retired IS NULL) t"
    " JOIN grid g ON g.id = t.id JOIN compound c ON c.id = g.compound_id"
    " WHERE n < ?1 OR n > ?2 ORDER BY g.code",
    /* grids without a secretary, a head or a worker */
    "SELECT 'grid_no_' || r.role, g.code, c.name, NULL, NULL, NULL, NULL, NULL"
    " FROM grid g JOIN compound c ON c.id = g.compound_id"
    " CROSS JOIN (SELECT 'secretary' AS role, 1 AS k UNION ALL SELECT 'head', 2"
    "  UNION ALL SELECT 'worker', 3) r"
    " WHERE g.retired IS NULL AND NOT EXISTS"
    "  (SELECT 1 FROM staff st WHERE st.role = r.role AND st.grid = g.code)"
    " ORDER BY g.code, r.k",
    /* workers with no butler, or with more than one */
    "SELECT CASE WHEN n = 0 THEN 'worker_no_butler' ELSE 'worker_two_butlers' END,"
    " w.grid, NULL, NULL, NULL, w.name, w.phone,"
    " CASE WHEN n = 0 THEN NULL ELSE n || ' butlers' END"
    " FROM (SELECT w.*, (SELECT count(*) FROM staff b WHERE b.role = 'butler'"
    "  AND b.pair_phone = w.phone) AS n FROM staff w WHERE w.role = 'worker') w"
    " WHERE n != 1 ORDER BY w.grid, w.id",
    /* butlers naming two phones, or no worker of their grid */
    "SELECT CASE WHEN trim(b.pair_phone, '0123456789 ') != '' THEN 'butler_paired_twice'"
    " ELSE 'butler_unpaired' END, b.grid, NULL, NULL, NULL, b.name, b.phone,"
    " CASE WHEN b.pair_phone IS NULL OR b.pair_phone = '' THEN 'no worker named'"
    " WHEN trim(b.pair_phone, '0123456789 ') != '' THEN 'pairs with more than one worker'"
    " ELSE 'no worker of the grid has that phone' END"
    " FROM staff b WHERE b.role = 'butler' AND (b.pair_phone IS NULL"
    " OR trim(b.pair_phone, '0123456789 ') != '' OR NOT EXISTS (SELECT 1 FROM staff w"
    "  WHERE w.role = 'worker' AND w.phone = b.pair_phone AND w.grid IS b.grid))"
    " ORDER BY b.grid, b.id",
    /* buildings with households and no red building head */
    "SELECT 'building_no_head', NULL, c.name, b.name, NULL, NULL, NULL, NULL"
    " FROM building b JOIN compound c ON c.id = b.compound_id"
    " WHERE EXISTS (SELECT 1 FROM stairwell s JOIN dwelling d ON d.stairwell_id = s.id"
    "  JOIN person p ON p.dwelling_id = d.id WHERE s.building_id = b.id AND p.moved_out IS NULL)"
    " AND NOT EXISTS (SELECT 1 FROM staff st WHERE st.role = 'building_head'"
    "  AND (st.compound = c.name OR st.compound = c.code) AND st.building = b.name)"
    " ORDER BY c.id, b.id",
    /* staff pointing at grids that are gone */
    "SELECT 'staff_stale_grid', st.grid, NULL, NULL, NULL, st.name, st.phone,"
    " CASE WHEN st.grid IS NULL OR st.grid = '' THEN st.role || ' without a grid'"
    " WHEN EXISTS (SELECT 1 FROM grid g WHERE g.code = st.grid) THEN 'grid was retired'"
    " ELSE 'no such grid' END"
    " FROM staff st WHERE st.role IN ('secretary', 'head', 'worker', 'butler')"
    " AND NOT EXISTS (SELECT 1 FROM grid g WHERE g.code = st.grid AND g.retired IS NULL)"
    " ORDER BY st.grid, st.id",
    /* building heads pointing at buildings that are gone */
    "SELECT 'staff_stale_building', NULL, st.compound, st.building, NULL, st.name, st.phone,"
    " CASE WHEN b.id IS NULL THEN 'no such building' ELSE 'building has no households' END"
    " FROM staff st LEFT JOIN compound c ON (c.name = st.compound OR c.code = st.compound)"
    " LEFT JOIN building b ON b.compound_id = c.id AND b.name = st.building"
    " WHERE st.role = 'building_head' AND (b.id IS NULL OR NOT EXISTS"
    "  (SELECT 1 FROM stairwell s JOIN dwelling d ON d.stairwell_id = s.id"
    "   JOIN person p ON p.dwelling_id = d.id WHERE s.building_id = b.id"
    "   AND p.moved_out IS NULL))"
    " ORDER BY st.compound, st.building, st.id",
};

/* Write one finding row from the current row of ST; masks name and phone. */
static int write_row(struct csvout *w, sqlite3_stmt *st)
{
	char buf[256];

	for (int i = 0; i < 8; i++) {
		const char *t = (const char *)sqlite3_column_text(st, i);

		if (t && i == 5) {
			mask_name(t, buf, sizeof buf);
			t = buf;
		} else if (t && i == 6) {
			mask_phone(t, buf, sizeof buf);
			t = buf;
		}
		csvout_field(w, t);
	}
	return csvout_end_row(w);
}

int grid_check_run(sqlite3 *db, int min, int max, FILE *f, long *findings, struct shequ_err *e)
{
	static const char *const hdr[] = {"finding", "grid", "compound", "building",
					  "unit",    "name", "phone",	 "detail"};
	struct csvout *w = csvout_new(f, 0);
	int rc = 0;

	*findings = 0;
	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	csvout_row(w, hdr, 8);
	for (size_t i = 0; i < sizeof checks / sizeof *checks && !rc; i++) {
		sqlite3_stmt *st = NULL;

		rc = db_prepare(db, checks[i], &st, e);
		if (rc)
			break;
		if (sqlite3_bind_parameter_count(st) >= 2) {
			sqlite3_bind_int(st, 1, min);
			sqlite3_bind_int(st, 2, max);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			++*findings;
			if (write_row(w, st))
				break;
		}
		rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
							   : db_fail(db, rc, "checking grids", e);
		sqlite3_finalize(st);
	}
	if (csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "write error: %s", strerror(errno));
	return rc;
}
