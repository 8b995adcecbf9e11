# Unit tests: one executable a module, reading fixtures from tests/data.
set(SCMAP_TEST_MODULES core data states style classify project timeline tile encode render sink pyramid frame)
foreach(module IN LISTS SCMAP_TEST_MODULES)
  add_executable(test_${module} tests/test_${module}.c)
  target_link_libraries(test_${module} PRIVATE scmap scmap_warnings m)
  target_compile_definitions(test_${module}
    PRIVATE SCM_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
            SCM_TEST_OUT="${CMAKE_CURRENT_BINARY_DIR}/test-out/${module}")
  add_test(NAME unit.${module} COMMAND test_${module})
  set_tests_properties(unit.${module} PROPERTIES LABELS unit)
endforeach()
# test_data fails one realloc on purpose (its __wrap_realloc): only libscmap's and its own calls.
target_link_options(test_data PRIVATE -Wl,--wrap=realloc)

# CLI tests: scmap on fixtures, exit codes and messages.
set(D ${PROJECT_SOURCE_DIR}/tests/data)
set(EXPECT ${PROJECT_SOURCE_DIR}/tests/cli_expect.sh)
function(cli_test name rc pattern)
  add_test(NAME cli.${name} COMMAND ${EXPECT} ${rc} ${pattern} $<TARGET_FILE:scmap_cli> ${ARGN})
  set_tests_properties(cli.${name} PROPERTIES LABELS cli)
endfunction()

cli_test(version 0 "^scmap [0-9]+\\.[0-9]+" --version)
cli_test(help 0 "Commands:" --help)
cli_test(check_help 0 "Usage: scmap check" check --help)
cli_test(no_command 2 "Usage: scmap COMMAND")
cli_test(unknown_command 2 "unknown command \"mapz\"" mapz)
cli_test(unknown_option 2 "unknown option \"--colour\"" check --colour red)
cli_test(bad_zoom 2 "--zoom takes a range" tiles --zoom 3-x)
cli_test(bad_periods 1 "--periods 2013Q1..2008Q4 ends before it starts" stats --periods 2013Q1..2008Q4)
cli_test(bad_periods_syntax 2 "--periods takes a range" stats --periods soon)
cli_test(check_sample 0 "46113 -> 46102 \\(rename_recode" check --style ${D}/style_sample.json)
cli_test(check_groups 0 "36085 \"New York City\" is one row for 5 counties" check --style ${D}/style_sample.json)
cli_test(check_color_warning 0 "warning: sample: class .zero. #ffffff and class .not_yet. #f0f0f0 are 3.0 apart" check --style ${D}/style_sample.json)
cli_test(check_territories 0 "in the territories \\(state FIPS 72" check --style ${D}/style_sample.json)
cli_test(stats_sample 0 "^2008Q4,2008 Q4,2008-10-01,2008-12-31,1,1,1," stats --style ${D}/style_activation_sample.json)
cli_test(stats_fiscal 0 "^FY2009Q1,FY2009 Q1," stats --fiscal --style ${D}/style_activation_sample.json)
cli_test(stats_fake_per_period 0 "^2009Q2,2009 Q2,2009-04-01,2009-06-30,2,0,2,11,40,0.2750,.*,0.25.0.5$" stats --style ${D}/style_fake_per_period.json)
cli_test(xlsx_activations 0 "matched: 24 counties" check --style ${D}/style_activation_sample.json --activations ${D}/activation_sample.xlsx)
cli_test(numeric_fips_warns 0 "warning: .*\"6037\" read as 06037" check --style ${D}/style_activation_sample.json --activations ${D}/activation_fake_mixed_formats.csv)
cli_test(bad_missing_file 1 "missing.csv: cannot open" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/missing.csv)
cli_test(bad_empty 1 "empty.csv: the file is empty" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/empty.csv)
cli_test(bad_header_only 1 "header_only.csv: the table has no data rows" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/header_only.csv)
cli_test(bad_no_fips_column 1 "no_fips_column.csv:1: no column \"fips\"" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/no_fips_column.csv)
cli_test(bad_fips 1 "fips_not_5_digits.csv:3: FIPS \"482\" is not a 5-digit" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/fips_not_5_digits.csv)
cli_test(bad_date 1 "bad_date.csv:3: date \"27.10.2008\" does not parse" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/bad_date.csv)
cli_test(bad_duplicate 1 "duplicate_conflict.csv:3: county 48201 has two rows with different dates" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/duplicate_conflict.csv)
cli_test(bad_no_dbf 1 "no_dbf.shp: the .dbf file beside it is missing" check --style ${D}/style_activation_sample.json --shapes ${D}/bad_fake/no_dbf.shp)
cli_test(bad_points 1 "points.shp: the layer holds Point geometries" check --style ${D}/style_activation_sample.json --shapes ${D}/bad_fake/points.shp)
cli_test(bad_style_key 1 "style_unknown_key.json:14:52: key \"palete\"" check --style ${D}/bad_fake/style_unknown_key.json)
cli_test(bad_style_syntax 1 "style_syntax.json:3:" check --style ${D}/bad_fake/style_syntax.json)

# The shipped data (shapes/, data/): the acceptance figures of the foundation.
set(S ${PROJECT_SOURCE_DIR}/styles)
function(data_test name rc pattern)
  add_test(NAME data.${name} COMMAND ${EXPECT} ${rc} ${pattern} $<TARGET_FILE:scmap_cli> ${ARGN})
  set_tests_properties(data.${name} PROPERTIES LABELS data)
endfunction()
data_test(check_all_states 0 "50 states and DC: 3142 of 3142" check --style ${S}/activation.json)
data_test(stats_2010q3 0 "2010Q3,2010 Q3,2010-07-01,2010-09-30,658,257,32," stats --style ${S}/activation.json)
data_test(stats_2008q4 0 "2008Q4,2008 Q4,2008-10-01,2008-12-31,14,14,5," stats --style ${S}/activation.json)
data_test(stats_2013q1 0 "2013Q1,2013 Q1,2013-01-01,2013-03-31,3142,106,51," stats --style ${S}/activation.json)
data_test(stats_fy2010q4 0 "FY2010Q4,FY2010 Q4,2010-07-01,2010-09-30,658,257,32," stats --fiscal --style ${S}/activation.json)
data_test(removals_national_total 0 ",220301," stats --style ${S}/removals.json)
data_test(noncriminal_national_share 0 ",54244,220301,0.2462," stats --style ${S}/noncriminal-share.json)
# ICE, "Get the Facts": through 2012-08-31, 166,057 convicted removals, 61,345 of them level 1.
data_test(ice_snapshot_date 0 "^2012Q3,ICE statistics through 31 August 2012,2012-07-01,2012-09-30," stats --style ${S}/removals.json)
# A cumulative snapshot reports no "newly activated" count (the cell is empty).
data_test(snapshot_no_newly 0 "^2012Q3,ICE statistics through 31 August 2012,2012-07-01,2012-09-30,3036,,51," stats --style ${S}/removals.json)
data_test(ice_snapshot_fiscal 0 "^FY2012Q4," stats --fiscal --style ${S}/removals.json)
data_test(ice_convicted_20120831 0 ",166057," stats --style ${D}/style_ice_convicted.json)
data_test(ice_level1_20120831 0 ",61345," stats --style ${D}/style_ice_level1.json)
# Bedford city (51515) merged into Bedford County (51019): its 6,222 residents with its removals.
# removals.json shows Bedford's 4 removals as too few: a style with no minimum pins the rate.
data_test(bedford_rate_merged 0 "^51019,Bedford,2012Q3,2010-06-15,5\\.34[0-9]*," stats --counties --style ${D}/style_ice_rate_every_county.json)
data_test(bedford_too_few 0 "^51019,Bedford,2012Q3,2010-06-15,,[0-9]+,Fewer than 20 removals" stats --counties --style ${S}/removals.json)
# Removals per 1,000 non-citizens (ACS 2008-2012): Harris 16,874 / 698,518; Los Angeles 26,030 /
# 1,859,555. Bedford: 4 removals over 582 + Bedford city's 93 non-citizens, too few to show.
set(NC stats --counties --style ${S}/removals-per-noncitizen.json)
data_test(noncitizen_rate_harris 0 "^48201,Harris,2012Q3,2008-10-27,24\\.156" ${NC})
data_test(noncitizen_rate_los_angeles 0 "^06037,Los Angeles,2012Q3,2009-08-27,13\\.997" ${NC})
data_test(noncitizen_rate_bedford 0 "^51019,Bedford,2012Q3,2010-06-15,,[0-9]+,\"<20 removals or <1,000 non-citizens\"" ${NC})
data_test(noncitizen_bedford_city_merged 0 "51515 -> 51019 \\(merge 2013-07-01: Bedford city -> Bedford County\\) \\[[^]]*county_noncitizen_acs5.csv" check --style ${S}/removals-per-noncitizen.json)
# Published rollout figures, checked on their day with stats --as-of (README, "Figures").
set(ASOF stats --style ${S}/activation.json --as-of)
data_test(as_of_dhs_20081231 0 "^2008-12-31,14,5$" ${ASOF} 2008-12-31)
data_test(as_of_dhs_20091112 0 "^2009-11-12,92,11$" ${ASOF} 2009-11-12)
data_test(as_of_ice_20100930 0 "^2010-09-30,658,32$" ${ASOF} 2010-09-30)
data_test(as_of_last_20130122 0 "^2013-01-22,3142,51$" ${ASOF} 2013-01-22)
cli_test(as_of_bad_date 2 "--as-of takes a date like 2009-11-12, not \"2009-13-01\"" stats --style ${D}/style_activation_sample.json --as-of 2009-13-01)
# The eight activated counties with no row in ICE's file, and the states whose totals miss them.
data_test(check_eight_without_ice_rows 0 "activated counties with no row \\(no numbers for them on the map\\): 8" check --style ${S}/removals.json)
data_test(check_oglala_lakota_without_row 0 "46102 Oglala Lakota, SD: activated 2010-08-31" check --style ${S}/removals.json)
data_test(check_incomplete_states 0 "states whose totals are incomplete \\(an activated county has no row\\): DC, HI, MA, RI, SD, VA, WV" check --style ${S}/removals.json)
# The small-number rule: Kenedy TX, 4 removals in 416 residents; Terrell TX, 8 in 984.
add_test(NAME data.rate_small_numbers COMMAND ${PROJECT_SOURCE_DIR}/tests/county_classes.sh
  $<TARGET_FILE:scmap_cli> ${S}/removals.json "48261=Fewer than 20 removals"
  "48443=Fewer than 20 removals")
set_tests_properties(data.rate_small_numbers PROPERTIES LABELS data)
# Per 1,000 submissions: the counts table's own column is the denominator, no population.
data_test(removals_per_submissions 0 ",220301,19858457,617,2411,91,8," stats --style ${S}/removals-per-submissions.json)
# Eight activated counties have no row in ICE's file: their own class, not "No data".
add_test(NAME data.not_in_ice_file COMMAND ${PROJECT_SOURCE_DIR}/tests/county_classes.sh
  $<TARGET_FILE:scmap_cli> ${S}/removals.json "46102=Activated; not in ICE's file"
  "25005=Activated; not in ICE's file" "44001=Activated; not in ICE's file"
  "54017=Activated; not in ICE's file" "11001=Activated; not in ICE's file"
  "15005=Activated; not in ICE's file" "51600=Activated; not in ICE's file"
  "51595=Activated; not in ICE's file" "72001=No data")
set_tests_properties(data.not_in_ice_file PROPERTIES LABELS data)

# PMTiles read back by the reference JavaScript reader (pmtiles from tests/js/node_modules).
add_test(NAME js.pmtiles_readback
  COMMAND ${PROJECT_SOURCE_DIR}/tests/pmtiles_readback.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/pmtiles-js)
set_tests_properties(js.pmtiles_readback PROPERTIES LABELS js)
# Every TileJSON against the official TileJSON 3.0.0 schema (ajv); a period list per format.
add_test(NAME js.tilejson_schema
  COMMAND ${PROJECT_SOURCE_DIR}/tests/tilejson_schema.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/tilejson-schema)
set_tests_properties(js.tilejson_schema PROPERTIES LABELS js)
# MapLibre GL JS, OpenLayers, the pmtiles adapter and Leaflet @2x draw the right colours.
add_test(NAME js.web_clients
  COMMAND ${PROJECT_SOURCE_DIR}/tests/web_clients.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/web-clients)
set_tests_properties(js.web_clients PROPERTIES LABELS js)

# scmap tiles from the command line: exit codes, messages, and the closing line.
cli_test(tiles_sample 0 "1 periods, [0-9]+ tiles rendered, 0 reused" tiles --style ${D}/style_sample.json --zoom 0-3 --out ${CMAKE_CURRENT_BINARY_DIR}/test-out/cli-tiles)
cli_test(tiles_reuse 0 "15 periods, [0-9]+ tiles rendered, [1-9][0-9]* reused" tiles --style ${D}/style_activation_sample.json --zoom 0-4 --out ${CMAKE_CURRENT_BINARY_DIR}/test-out/cli-tiles)
cli_test(tiles_zoom_too_deep 1 "--zoom 0-17: zooms go from 0 to 16" tiles --style ${D}/style_sample.json --zoom 0-17 --out ${CMAKE_CURRENT_BINARY_DIR}/test-out/cli-tiles)
cli_test(tiles_zoom_reversed 1 "--zoom 6-2: zooms go from 0 to 16" tiles --style ${D}/style_sample.json --zoom 6-2 --out ${CMAKE_CURRENT_BINARY_DIR}/test-out/cli-tiles)
cli_test(tiles_bad_format 2 "--format takes dir, mbtiles or pmtiles" tiles --style ${D}/style_sample.json --format zip)
cli_test(tiles_unwritable 1 "cannot (create directory|write)" tiles --style ${D}/style_sample.json --zoom 0-1 --format mbtiles --out /proc/scmap-no-such-dir)
cli_test(tiles_bad_palette 1 "key \"palette\": unknown palette" tiles --style ${D}/bad_fake/style_unknown_palette.json --zoom 0-1)
cli_test(tiles_bad_method 1 "key \"method\": unknown method" tiles --style ${D}/bad_fake/style_unknown_method.json --zoom 0-1)

# Frames, GIF, MP4 and still maps end to end (ffprobe, pdftotext).
add_test(NAME cli.frames_end_to_end
  COMMAND ${PROJECT_SOURCE_DIR}/tests/frames_end_to_end.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/frames-cli)
set_tests_properties(cli.frames_end_to_end PROPERTIES LABELS cli)
# A made-up style's outputs name no program of the shipped styles (issue 13).
add_test(NAME cli.neutral_style
  COMMAND ${PROJECT_SOURCE_DIR}/tests/neutral_style.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/neutral-style)
set_tests_properties(cli.neutral_style PROPERTIES LABELS cli)
add_test(NAME cli.gif_size
  COMMAND ${PROJECT_SOURCE_DIR}/tests/gif_size.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/gif-size)
set_tests_properties(cli.gif_size PROPERTIES LABELS cli)
add_test(NAME cli.frames_jobs
  COMMAND ${PROJECT_SOURCE_DIR}/tests/frames_jobs.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/frames-jobs)
set_tests_properties(cli.frames_jobs PROPERTIES LABELS cli)
cli_test(map_needs_output 2 "map needs -o FILE" map --style ${D}/style_sample.json)
cli_test(map_bad_extension 2 "-o must end in .png, .svg or .pdf" map --style ${D}/style_sample.json -o x.jpg)
cli_test(map_period_outside 1 "--period 1999Q1 is outside the data" map --style ${D}/style_activation_sample.json --period 1999Q1 -o ${CMAKE_CURRENT_BINARY_DIR}/test-out/x.png)
cli_test(map_no_states 0 "wrote .*x-no-states.png" map --style ${D}/style_activation_sample.json --no-states -o ${CMAKE_CURRENT_BINARY_DIR}/test-out/x-no-states.png)
cli_test(stats_no_burn_states 2 "stats does not take --burn-states" stats --burn-states)
cli_test(frames_bad_size 2 "--size takes WIDTHxHEIGHT" frames --style ${D}/style_sample.json --size 12x12)

# The viewer in headless Chromium (playwright-core from tests/js/node_modules).
add_test(NAME js.viewer_browser
  COMMAND ${PROJECT_SOURCE_DIR}/tests/viewer_browser.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/viewer)
set_tests_properties(js.viewer_browser PROPERTIES LABELS js)
cli_test(viewer_no_tiles 1 "no such tiles folder" viewer --tiles ${CMAKE_CURRENT_BINARY_DIR}/no-such-tiles -o ${CMAKE_CURRENT_BINARY_DIR}/test-out/v)

# Scale-out: --shard K/N and merge give the bytes of one run.
add_test(NAME cli.shard_merge
  COMMAND ${PROJECT_SOURCE_DIR}/tests/shard_merge.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/shards)
set_tests_properties(cli.shard_merge PROPERTIES LABELS cli)
# --resume refuses a folder of another job and leaves its tiles alone.
add_test(NAME cli.resume_other_job
  COMMAND ${PROJECT_SOURCE_DIR}/tests/resume_other_job.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/resume-job)
set_tests_properties(cli.resume_other_job PROPERTIES LABELS cli)
cli_test(shard_bad 2 "--shard takes K/N" tiles --style ${D}/style_sample.json --shard 4/3)
cli_test(merge_usage 2 "merge needs -o OUT" merge)

# The bad-input corpus: tests/data/bad_fake/cases.tsv, every case exit 1 with its message.
add_test(NAME cli.bad_input_corpus
  COMMAND ${PROJECT_SOURCE_DIR}/tests/bad_input_corpus.sh $<TARGET_FILE:scmap_cli>
          ${PROJECT_SOURCE_DIR}/tests/data ${CMAKE_CURRENT_BINARY_DIR}/test-out/bad-corpus)
set_tests_properties(cli.bad_input_corpus PROPERTIES LABELS cli)

# A real Slurm array job on a one-node cluster the test starts and stops (skipped, saying
# why, where Slurm cannot start).
add_test(NAME cli.slurm_array_job
  COMMAND ${PROJECT_SOURCE_DIR}/tests/slurm_array_job.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/slurm)
set_tests_properties(cli.slurm_array_job PROPERTIES LABELS cli SKIP_RETURN_CODE 77 TIMEOUT 300
                     RUN_SERIAL TRUE)

# SIGKILL at random moments, then --resume: whole files only, and the bytes of a clean run.
add_test(NAME cli.kill_and_resume
  COMMAND ${PROJECT_SOURCE_DIR}/tests/kill_and_resume.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/kill-resume)
set_tests_properties(cli.kill_and_resume PROPERTIES LABELS cli TIMEOUT 600)

# A small demo under valgrind (not in the ASan build: the two do not mix).
if(NOT CMAKE_C_FLAGS MATCHES "sanitize")
  add_test(NAME valgrind.demo
    COMMAND ${PROJECT_SOURCE_DIR}/tests/demo.sh $<TARGET_FILE:scmap_cli>
            ${CMAKE_CURRENT_BINARY_DIR}/test-out/valgrind)
  set_tests_properties(valgrind.demo PROPERTIES LABELS valgrind TIMEOUT 900)
endif()

# A disk that fills up (a 300 KB tmpfs; skipped where it cannot be mounted).
add_test(NAME cli.full_disk COMMAND ${PROJECT_SOURCE_DIR}/tests/full_disk.sh $<TARGET_FILE:scmap_cli>)
set_tests_properties(cli.full_disk PROPERTIES LABELS cli SKIP_RETURN_CODE 77)

# Formatting, as .clang-format says.
file(GLOB_RECURSE SCMAP_FORMATTED ${PROJECT_SOURCE_DIR}/src/*.[ch] ${PROJECT_SOURCE_DIR}/include/*.h
     ${PROJECT_SOURCE_DIR}/tests/*.[ch] ${PROJECT_SOURCE_DIR}/fuzz/*.c)
find_program(CLANG_FORMAT NAMES clang-format clang-format-14)
if(CLANG_FORMAT)
  add_test(NAME lint.clang_format COMMAND ${CLANG_FORMAT} --dry-run --Werror ${SCMAP_FORMATTED})
  set_tests_properties(lint.clang_format PROPERTIES LABELS lint)
endif()
cli_test(no_prj_lonlat_warns 0 "warning: .*no_prj_lonlat.shp: no coordinate system .* reading them as EPSG:4326" check --style ${D}/style_activation_sample.json --shapes ${D}/bad_fake/no_prj_lonlat.shp)
cli_test(own_columns 0 "matched: 2 counties" check --style ${D}/style_activation_sample.json --activations ${D}/activation_fake_own_columns.csv --fips-column "County FIPS" --date-column "Switched on")
# scmap viewer's configuration in index.html: quoted names, more than 64 tile sets, -o onto its own source.
add_test(NAME cli.viewer_config
  COMMAND ${PROJECT_SOURCE_DIR}/tests/viewer_config.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/viewer-config)
set_tests_properties(cli.viewer_config PROPERTIES LABELS cli)
# Each shipped style copied alone into another folder: its ../data and ../shapes paths fall
# back to scmap's own files, county notes included.
add_test(NAME cli.style_copied
  COMMAND ${PROJECT_SOURCE_DIR}/tests/style_copied.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/style-copied)
set_tests_properties(cli.style_copied PROPERTIES LABELS cli)

# A full disk under every output that is not a tile: frames, GIF, MP4, stills, stats -o,
# check -o (a 1 MB tmpfs; skipped where it cannot be mounted).
add_test(NAME cli.full_disk_outputs
  COMMAND ${PROJECT_SOURCE_DIR}/tests/full_disk_outputs.sh $<TARGET_FILE:scmap_cli>)
set_tests_properties(cli.full_disk_outputs PROPERTIES LABELS cli SKIP_RETURN_CODE 77)
# -o onto a device is written in place: a rename would replace /dev/stdout itself.
cli_test(stats_to_dev_stdout 0 "^2008Q4,2008 Q4," stats --style ${D}/style_activation_sample.json -o /dev/stdout)


# Flags that are not what they claim to be (issue 10): an empty path is an unset variable, a
# word with no flag was meant for one, and numbers are digits only.
cli_test(out_empty 2 "--out is empty" tiles --style ${D}/style_sample.json --zoom 0-1 --out @EMPTY@)
cli_test(output_empty 2 "-o is empty" stats --style ${D}/style_sample.json -o @EMPTY@)
cli_test(style_flag_empty 2 "--style is empty" check --style @EMPTY@)
cli_test(tiles_flag_empty 2 "--tiles is empty" viewer --tiles @EMPTY@ -o ${CMAKE_CURRENT_BINARY_DIR}/test-out/v-empty)
cli_test(merge_shard_empty 2 "a shard folder is empty" merge -o ${CMAKE_CURRENT_BINARY_DIR}/test-out/m-empty @EMPTY@)
cli_test(stray_argument 2 "unexpected argument \".*style_sample.json\" \\(did you mean --style " tiles ${D}/style_sample.json --zoom 0-1 --out ${CMAKE_CURRENT_BINARY_DIR}/test-out/stray)
cli_test(shard_wraps 2 "--shard takes K/N" tiles --style ${D}/style_sample.json --shard 1/4294967297)

# Tables and shapes that cannot be fixtures: FIFOs, a 10 MB line, a long per-period table.
# Under ASan, GDAL's line buffer (grown by copying) makes the 10 MB line take half an hour.
if(CMAKE_C_FLAGS MATCHES "sanitize")
  set(SCMAP_SANITIZED 1)
else()
  set(SCMAP_SANITIZED 0)
endif()
add_test(NAME cli.table_read
  COMMAND ${PROJECT_SOURCE_DIR}/tests/table_read.sh $<TARGET_FILE:scmap_cli> ${PROJECT_SOURCE_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/table-read ${SCMAP_SANITIZED})
set_tests_properties(cli.table_read PROPERTIES LABELS cli TIMEOUT 300)
cli_test(table_blank_rows_warn 0 "warning: .*activation_fake_blank_rows.csv:5: blank row skipped" check --style ${D}/style_activation_sample.json --activations ${D}/activation_fake_blank_rows.csv)
cli_test(far_date_periods_keeps 0 "warning: .*activation_fake_far_date.csv:9: date 2031-03-01 is far.*kept, as --periods sets the span" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/activation_fake_far_date.csv --periods 2008Q4..2012Q2)
cli_test(missing_bad 2 "--missing takes not-yet or no-data, not \"never\"" check --missing never)
cli_test(missing_not_yet 0 "counties with no row \\(drawn as not yet activated\\)" check --style ${D}/style_sample.json --missing not-yet)
cli_test(xlsx_all_text 0 "matched: 24 counties" check --style ${D}/style_activation_sample.json --activations ${D}/bad_fake/activation_all_text.xlsx)

# SIGTERM and SIGINT during a run: exit 143 / 130, no temporary file, containers whole or
# absent, and a stopped directory run resumes to the bytes of a clean run.
add_test(NAME cli.signal_stop
  COMMAND ${PROJECT_SOURCE_DIR}/tests/signal_stop.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/signal-stop)
set_tests_properties(cli.signal_stop PROPERTIES LABELS cli TIMEOUT 600)

# Two container runs into one folder at once: each its own temporary files, both whole.
add_test(NAME cli.concurrent_runs
  COMMAND ${PROJECT_SOURCE_DIR}/tests/concurrent_runs.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/concurrent-runs)
set_tests_properties(cli.concurrent_runs PROPERTIES LABELS cli TIMEOUT 300)

# One flag table (issue 11): a flag is taken by the commands it names and no other, and each
# command's --help lists exactly its flags (a flag it takes, and not one it does not).
cli_test(foreign_flag 2 "check does not take --gif: it is a flag of frames" check --gif --zoom 3-4)
cli_test(foreign_flag_lang 2 "tiles does not take --lang" tiles --lang es)
cli_test(foreign_flag_zoom 2 "frames does not take --zoom: it is a flag of demo and tiles" frames --zoom 0-3)
cli_test(foreign_flag_merge 2 "merge does not take --style" merge --style x)
cli_test(help_commands 0 "^  merge +join the outputs" --help)
function(cli_help_test command has hasnot)
  add_test(NAME cli.help_${command} COMMAND ${EXPECT} --not "^  ${hasnot}( |$)" 0 "^  ${has}( |$)"
           $<TARGET_FILE:scmap_cli> ${command} --help)
  set_tests_properties(cli.help_${command} PROPERTIES LABELS cli)
endfunction()
cli_help_test(check --activations --zoom)
cli_help_test(stats --counties --gif)
cli_help_test(tiles --shard --lang)
cli_help_test(frames --gif --zoom)
cli_help_test(map --period --tween)
cli_help_test(viewer --tiles --style)
cli_help_test(merge -o --period)
cli_help_test(demo --zoom --style)

# Installed like a real tool (issue 13): cmake --install to a temporary prefix, moved, then
# the demo and a user's table from another folder without reading the source tree (strace),
# libscmap through pkg-config, the man page. And the .deb (dpkg-deb --info and --contents).
add_test(NAME cli.install
  COMMAND ${PROJECT_SOURCE_DIR}/tests/install.sh ${CMAKE_CURRENT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
          ${CMAKE_C_COMPILER} "${CMAKE_C_FLAGS}")
set_tests_properties(cli.install PROPERTIES LABELS cli TIMEOUT 900)
if(NOT SCMAP_SANITIZED)
  add_test(NAME cli.package
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/package ${CMAKE_CURRENT_BINARY_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/test-out/package)
  set_tests_properties(cli.package PROPERTIES LABELS cli TIMEOUT 300)
endif()

# Region editions (issue 15): the fitted Albers, every state and DC drawn whole and filling
# the map panel (a contact sheet in test-out/region/), and the CLI's --region, --highlight and
# --annotate.
add_executable(test_region tests/test_region.c)
target_link_libraries(test_region PRIVATE scmap scmap_warnings m)
target_compile_definitions(test_region
  PRIVATE SCM_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
          SCM_TEST_OUT="${CMAKE_CURRENT_BINARY_DIR}/test-out/region")
add_test(NAME unit.region COMMAND test_region)
set_tests_properties(unit.region PROPERTIES LABELS unit TIMEOUT 300)
add_test(NAME cli.region_editions
  COMMAND ${PROJECT_SOURCE_DIR}/tests/region_editions.sh $<TARGET_FILE:scmap_cli>
          ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/test-out/region_editions)
set_tests_properties(cli.region_editions PROPERTIES LABELS cli TIMEOUT 300)
# Map labels: placement (no overlaps, nothing over what must stay clear), names, places.
add_executable(test_labels tests/test_labels.c)
target_link_libraries(test_labels PRIVATE scmap scmap_warnings m)
target_compile_definitions(test_labels
  PRIVATE SCM_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
          SCM_TEST_OUT="${CMAKE_CURRENT_BINARY_DIR}/test-out/labels")
add_test(NAME unit.labels COMMAND test_labels)
set_tests_properties(unit.labels PROPERTIES LABELS unit)
add_test(NAME cli.labels_pdf
  COMMAND ${PROJECT_SOURCE_DIR}/tests/labels_pdf.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/labels-pdf)
set_tests_properties(cli.labels_pdf PROPERTIES LABELS cli)
cli_test(labels_bad 2 "--labels takes states, cities, all or none, not \"towns\"" map --labels towns -o x.png)
cli_test(labels_help 0 "--labels WHAT" map --help)
# Small multiples (issue 15): scmap grid as PNG, SVG and PDF, every period labelled.
add_test(NAME cli.grid
  COMMAND ${PROJECT_SOURCE_DIR}/tests/grid.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/grid)
set_tests_properties(cli.grid PROPERTIES LABELS cli)
cli_test(grid_needs_output 2 "grid needs -o FILE.png" grid --style ${D}/style_activation_sample.json)
cli_test(grid_bad_cols 2 "--cols takes a number from 1 to 100" grid --cols 0 -o x.png)
cli_test(grid_bad_ext 2 "-o must end in .png, .svg or .pdf" grid -o grid.gif)
cli_help_test(grid --cols --tween)
# State lines in the tiles: overlay, burnt in, no seams; empty tiles shared (tests/state_lines.sh).
add_test(NAME cli.state_lines
  COMMAND ${PROJECT_SOURCE_DIR}/tests/state_lines.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/state-lines)
set_tests_properties(cli.state_lines PROPERTIES LABELS cli)
# Start-up and timings (issue 16): --timings names each step; shapes outside the six drivers
# registered first still open.
add_test(NAME cli.startup
  COMMAND ${PROJECT_SOURCE_DIR}/tests/startup.sh $<TARGET_FILE:scmap_cli> ${PROJECT_SOURCE_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/startup)
set_tests_properties(cli.startup PROPERTIES LABELS cli)
# scmap init-style: a style of the user's, written in one folder, used from another.
add_test(NAME cli.init_style
  COMMAND ${PROJECT_SOURCE_DIR}/tests/init_style.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/init-style)
set_tests_properties(cli.init_style PROPERTIES LABELS cli)
cli_help_test(init-style --from --zoom)
add_test(NAME cli.mp4_peak
  COMMAND ${PROJECT_SOURCE_DIR}/tests/mp4_peak.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/test-out/mp4-peak)
set_tests_properties(cli.mp4_peak PROPERTIES LABELS cli SKIP_RETURN_CODE 77)
