/* SPDX-License-Identifier: MIT */
#include "scmap/scmap.h"

#include "scm_test.h"

static void
test_bounds(void)
{
    scm_bbox b;
    CHECK(scm_tile_bounds((scm_tile){0, 0, 0}, &b) == SCM_OK);
    CHECK_NEAR(b.minx, -SCM_MERC_HALF, 1e-6);
    CHECK_NEAR(b.maxy, SCM_MERC_HALF, 1e-6);
    CHECK(scm_tile_bounds((scm_tile){1, 0, 1}, &b) == SCM_OK);
    CHECK_NEAR(b.minx, 0, 1e-6);
    CHECK_NEAR(b.miny, 0, 1e-6);
    CHECK(scm_tile_bounds((scm_tile){2, 0, 1}, &b) == SCM_EINVAL);
    CHECK(scm_tile_bounds((scm_tile){0, 0, 17}, &b) == SCM_EINVAL);
}

static void
test_tms_row_flips_y(void)
{
    CHECK(scm_tile_tms_row((scm_tile){.x = 3, .y = 1, .z = 2}) == 2);
    CHECK(scm_tile_tms_row((scm_tile){.x = 0, .y = 0, .z = 0}) == 0);
}

static void
test_pmtiles_ids(void)
{
    uint32_t z, x, y;
    /* Values from the PMTiles v3 spec's Hilbert ordering. */
    CHECK(scm_tile_pmtiles_id((scm_tile){0, 0, 0}) == 0);
    CHECK(scm_tile_pmtiles_id((scm_tile){0, 0, 1}) == 1);
    CHECK(scm_tile_pmtiles_id((scm_tile){0, 1, 1}) == 2);
    CHECK(scm_tile_pmtiles_id((scm_tile){1, 1, 1}) == 3);
    CHECK(scm_tile_pmtiles_id((scm_tile){1, 0, 1}) == 4);
    CHECK(scm_tile_pmtiles_id((scm_tile){0, 0, 2}) == 5);
    for (z = 0; z <= 6; z++)
        for (x = 0; x < (1u << z); x++)
            for (y = 0; y < (1u << z); y++) {
                scm_tile t = {x, y, (uint8_t)z};
                scm_tile u = scm_tile_from_pmtiles_id(scm_tile_pmtiles_id(t));
                if (u.x != x || u.y != y || u.z != z) {
                    CHECK(0);
                    return;
                }
            }
    CHECK(1);
}

static void
test_merc_to_lonlat(void)
{
    double lon, lat;
    scm_merc_to_lonlat(0, 0, &lon, &lat);
    CHECK_NEAR(lon, 0, 1e-9);
    CHECK_NEAR(lat, 0, 1e-9);
    scm_merc_to_lonlat(SCM_MERC_HALF, SCM_MERC_HALF, &lon, &lat);
    CHECK_NEAR(lon, 180, 1e-9);
    CHECK_NEAR(lat, 85.0511287798, 1e-9);
}

int
main(void)
{
    RUN(test_bounds);
    RUN(test_tms_row_flips_y);
    RUN(test_pmtiles_ids);
    RUN(test_merc_to_lonlat);
    return scm_test_report();
}
