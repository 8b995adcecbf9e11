/* SPDX-License-Identifier: MIT */
/* County shapes and value tables read through GDAL/OGR, and their join by FIPS code. */
#ifndef SCMAP_DATA_H
#define SCMAP_DATA_H

#include "scmap/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- shapes ---- */

typedef struct scm_shapes scm_shapes;

/* Reads the first layer of any OGR polygon source. key_field names the 5-digit FIPS field
 * (NULL: "GEOID"). Features that share a FIPS code become one county. SCM_EIO if the file
 * cannot be opened, SCM_EDATA for a layer that is not polygons or a bad key. */
scm_status scm_shapes_read(scm_ctx *ctx, const char *path, const char *key_field, scm_shapes **out);
void scm_shapes_free(scm_shapes *shapes);
size_t scm_shapes_count(const scm_shapes *shapes);
const char *scm_shapes_fips(const scm_shapes *shapes, size_t i);
/* The NAME field, or "" when the layer has none. */
const char *scm_shapes_name(const scm_shapes *shapes, size_t i);
/* Index of the county with this FIPS code, or -1. */
long scm_shapes_find(const scm_shapes *shapes, const char *fips);
/* Geometry in the layer's CRS, x = longitude or easting; borrowed from shapes. */
const scm_geometry *scm_shapes_geometry(const scm_shapes *shapes);
/* The layer's CRS as WKT; "" if the source has none (then read as EPSG:4326). */
const char *scm_shapes_crs(const scm_shapes *shapes);

/* ---- tables ---- */

typedef struct scm_table scm_table;

/* Reads the first layer of any OGR table (CSV, XLSX, ODS, GPKG...) into strings. Dates
 * become YYYY-MM-DD; numbers are printed without exponent. SCM_EIO if the file cannot be
 * opened, SCM_EDATA if it holds no rows. */
scm_status scm_table_read(scm_ctx *ctx, const char *path, scm_table **out);
void scm_table_free(scm_table *t);
size_t scm_table_rows(const scm_table *t);
size_t scm_table_cols(const scm_table *t);
const char *scm_table_colname(const scm_table *t, size_t col);
/* Column index by case-insensitive name, or -1. */
long scm_table_col(const scm_table *t, const char *name);
/* Never NULL: "" for an empty cell. */
const char *scm_table_cell(const scm_table *t, size_t row, size_t col);
/* 1-based line (or sheet row) of a data row in the file; the header is line 1. */
size_t scm_table_line(const scm_table *t, size_t row);
const char *scm_table_path(const scm_table *t);

/* ---- the join ---- */

/* What a county absent from the activation table means: no data ("No data" in every period,
 * the default), or a county that has not (yet) started ("Not yet activated" in every period;
 * it counts in no activated total). */
typedef enum scm_missing { SCM_MISSING_NO_DATA, SCM_MISSING_NOT_YET } scm_missing;

/* Parses "no-data" or "not-yet"; 0 on success, -1 otherwise. */
int scm_missing_parse(const char *s, scm_missing *out);

/* Where the data come from and which columns to read. NULL members take the defaults
 * given beside them; a NULL file is simply absent. */
typedef struct scm_sources {
    const char *shapes;
    const char *shapes_key;  /* GEOID */
    const char *activations; /* required */
    /* 1: a date far from the rest of the activation table is kept, with a warning (the CLI's
     * --periods names the span to draw); 0: it is an error of its row, as a likely typo. */
    int far_dates_ok;
    const char *act_key;              /* fips */
    const char *act_date;             /* activation_date */
    const char *counts;               /* optional */
    const char *counts_key;           /* fips */
    const char *counts_period;        /* a period column; NULL: the table is a snapshot */
    const char *counts_as_of;         /* snapshot date, YYYY-MM-DD; required for a snapshot */
    const char *const *count_columns; /* numeric columns to read */
    size_t n_count_columns;
    const char *population; /* optional */
    const char *pop_key;    /* fips */
    const char *pop_column; /* census2010 */
    /* A long table (one row per county and year, like ACS files): only rows whose column
     * pop_year_column holds pop_year are read. NULL: every row is a county's. */
    const char *pop_year_column;
    int pop_year;
    const char *fips_changes; /* optional crosswalk: old_fips,new_fips,change_type,effective_date */
    const char *groups;       /* optional: row_fips,member_fips,jurisdiction */
    const char *notes;        /* optional: fips,note_en,note_es,source (data/county_notes.csv) */
    scm_missing missing;      /* counties absent from the activation table */
    /* A table of states, not counties: this column (instead of act_key) holds a state's USPS
     * code (TX) or 2-digit FIPS code (48), and its row dates every county of that state in
     * the shapes. NULL: a table of counties. */
    const char *act_state_key;
} scm_sources;

typedef enum scm_join_kind {
    SCM_JOIN_REPAIRED,  /* a FIPS code stored as a number, padded back to 5 digits */
    SCM_JOIN_REMAPPED,  /* a table key moved to the shapes' vintage by the crosswalk */
    SCM_JOIN_GROUP,     /* one row standing for several counties, applied to them as a group */
    SCM_JOIN_DUPLICATE, /* two rows for one county that agree */
    SCM_JOIN_CONFLICT,  /* remapped rows that disagree; the message says which was kept */
    SCM_JOIN_NO_SHAPE,  /* a table row with no county shape */
    SCM_JOIN_NO_ROW,    /* a county shape with no row in a table */
    SCM_JOIN_EMPTY      /* a county whose geometry is empty */
} scm_join_kind;

typedef struct scm_join_event {
    scm_join_kind kind;
    char fips[6];
    const char *table; /* "activations", "counts", "population", "notes" */
    char message[600];
} scm_join_event;

typedef struct scm_dataset scm_dataset;

/* Reads every source and joins the tables onto the shapes. Data problems that leave the
 * join usable are recorded as events; malformed input is SCM_EDATA naming file and line. */
scm_status scm_dataset_load(scm_ctx *ctx, const scm_sources *src, scm_dataset **out);
void scm_dataset_free(scm_dataset *ds);
const scm_shapes *scm_dataset_shapes(const scm_dataset *ds);
/* Activation date of county i, or SCM_DATE_NONE. */
scm_date scm_dataset_activation(const scm_dataset *ds, size_t county);
size_t scm_dataset_n_events(const scm_dataset *ds);
const scm_join_event *scm_dataset_event(const scm_dataset *ds, size_t i);
/* Counties matched to an activation date. */
size_t scm_dataset_matched(const scm_dataset *ds);
/* What the counties with no activation date stand for (scm_sources.missing). */
scm_missing scm_dataset_missing(const scm_dataset *ds);

/* Counts: each counts row becomes a unit of one or more counties (a group). */
size_t scm_dataset_n_units(const scm_dataset *ds);
/* Unit of county i, or -1 when no counts row covers it. */
long scm_dataset_unit_of(const scm_dataset *ds, size_t county);
/* Number of slots: periods of a per-period table, or 1 for a snapshot. */
size_t scm_dataset_n_slots(const scm_dataset *ds);
/* Period of slot k of a per-period table; returns 0, or -1 for a snapshot. */
int scm_dataset_slot_period(const scm_dataset *ds, size_t k, scm_period *out);
/* The snapshot date, or SCM_DATE_NONE for a per-period table or no counts. */
scm_date scm_dataset_snapshot(const scm_dataset *ds);
/* Value of count column j (in src->count_columns order) for unit u in slot k; NaN when the
 * unit has no value there. */
double scm_dataset_value(const scm_dataset *ds, size_t unit, size_t col, size_t slot);
/* Population of a unit (its counties summed), NaN when any member has none. */
double scm_dataset_unit_population(const scm_dataset *ds, size_t unit);

/* The note on county i in lang (SCM_LANG_EN or SCM_LANG_ES): a sourced fact a reader needs
 * to read its colour (a prison town, a county missing from a table); NULL when it has none.
 * Borrowed from ds. */
const char *scm_dataset_note(const scm_dataset *ds, size_t county, int lang);

/* Counties activated on or before end, those of them activated on or after start, and the
 * states (the 50 and DC; territories are not counted) with at least one: the figures DHS and
 * ICE published as "N jurisdictions in S states". Dates are inclusive. */
void scm_dataset_rollout(const scm_dataset *ds, scm_date start, scm_date end, size_t *activated,
                         size_t *newly, size_t *states);

/* USPS code of the state of a FIPS code ("TX" for "48201"), for naming counties to people;
 * "" for a code of no state. */
const char *scm_fips_state(const char *fips);
/* Full name of the state (or DC, Puerto Rico) of a FIPS code, in English or, where the Spanish
 * press writes it otherwise, in Spanish ("Nuevo México"); NULL for a code of no such state. */
const char *scm_state_name(const char *fips, scm_lang lang);
/* The 2-digit FIPS code of a state written as its USPS code ("TX", any case, spaces around) or
 * its FIPS code ("48", or "6" from a numeric column): 0 and out filled, or -1 when s is
 * neither. */
int scm_state_parse(const char *s, char out[3]);

/* The join report as text, for people: matched, then for each table (named by its file) what
 * was repaired, remapped, grouped or missed, with counts by state and the first 20 rows of each
 * list. list_name names the file that holds the whole lists (scm_dataset_report_csv), or NULL
 * when there is none. Caller frees. */
scm_status scm_dataset_report(scm_ctx *ctx, const scm_dataset *ds, const char *list_name,
                              char **out);
/* Every row of the report's lists as CSV: file,table,issue,fips,state,detail. Caller frees. */
scm_status scm_dataset_report_csv(scm_ctx *ctx, const scm_dataset *ds, char **out);

/* ---- states ---- */

/* The outlines of the states (and territories) of shapes, dissolved from their counties
 * (grouped by the first two FIPS digits) through OGR/GEOS: one feature per state in code
 * order, in the shapes' CRS, outer rings counter-clockwise and holes clockwise as the
 * counties'. Their edges are the county edges, vertex for vertex. *codes, when codes is not
 * NULL, gets the 2-digit code of each feature; the caller frees it and *out
 * (scm_geometry_free). SCM_EDATA when GEOS fails on a state, naming it. */
scm_status scm_states_from_shapes(scm_ctx *ctx, const scm_shapes *shapes, scm_geometry **out,
                                  char (**codes)[3]);

#ifdef __cplusplus
}
#endif
#endif
